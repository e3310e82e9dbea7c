from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelplineConfig(AppConfig):
    name = "helpline"
    verbose_name = _("Không một mình: xin giúp đỡ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from helpline import personal_data  # noqa: F401  (declares reports, evidence and messages to privacy)
