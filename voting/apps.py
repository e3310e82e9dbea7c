from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Bình chọn của khán giả")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from voting import (
            personal_data,  # noqa: F401  (declares votes and their traces to privacy)
            report_figures,  # noqa: F401  (votes cast and voided in the campaign report)
        )
