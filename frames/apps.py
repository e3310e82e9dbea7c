from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FramesConfig(AppConfig):
    name = "frames"
    verbose_name = _("Khung ảnh đại diện")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from frames import personal_data  # noqa: F401  (declares frames and their counters to privacy)
