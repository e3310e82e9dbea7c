from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Hưởng ứng thử thách")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from challenges import personal_data  # noqa: F401  (declares clips, their uploads and history to privacy)
