from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Tổng kết chiến dịch")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reports import (
            figures,  # noqa: F401  (registers the figures of the apps below)
            personal_data,  # noqa: F401  (declares schools' reports to privacy)
        )
