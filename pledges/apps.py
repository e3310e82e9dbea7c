from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Bức tường An toàn số")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pledges import (
            personal_data,  # noqa: F401  (declares signatures and their history to privacy)
            report_figures,  # noqa: F401  (pledges per school, ward and day in the report)
        )
