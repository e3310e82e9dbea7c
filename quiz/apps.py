from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Đố vui")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from quiz import (
            personal_data,  # noqa: F401  (declares attempts to privacy)
            report_figures,  # noqa: F401  (the quiz's figures in the campaign report)
        )
