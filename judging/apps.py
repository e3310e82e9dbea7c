from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Chấm thi")

    def ready(self):
        from judging import personal_data  # noqa: F401  (declares judging's records to privacy)
