from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Bài dự thi")

    def ready(self):
        from submissions import personal_data  # noqa: F401  (declares entries, files and teams to privacy)
