from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Kết quả")

    def ready(self):
        from results import personal_data  # noqa: F401  (declares awards and feedback to privacy)
        from results.services.prizes import refuse_withdrawal_after_publication
        from submissions.services.entries import register_withdrawal_guard

        register_withdrawal_guard(refuse_withdrawal_after_publication)
