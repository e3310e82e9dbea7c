from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Giấy chứng nhận")

    def ready(self):
        from certificates import (
            personal_data,  # noqa: F401  (declares certificates to privacy)
            receivers,  # noqa: F401  (issues certificates when results are published)
        )
