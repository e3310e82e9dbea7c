from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Quyền riêng tư")

    def ready(self):
        from privacy import personal_data  # noqa: F401  (registers the account, consents and guardians)
