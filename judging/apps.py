from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Chấm thi")

    def ready(self):
        from django.db.backends.signals import connection_created

        from judging import personal_data  # noqa: F401  (declares judging's records to privacy)
        from judging.sqlite import register_functions

        connection_created.connect(register_functions, dispatch_uid="judging_sqlite_functions")
