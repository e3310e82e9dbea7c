from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecapsConfig(AppConfig):
    name = "recaps"
    verbose_name = _("Video tổng hợp")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from recaps import personal_data, receivers  # noqa: F401  (registry declarations; clip_left_public)
