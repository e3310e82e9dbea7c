from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizLiveConfig(AppConfig):
    """The live mode's own registrations (its models live in quiz/models/live.py, in the quiz app)."""

    name = "quiz.live"
    label = "quizlive"
    verbose_name = _("Đố vui trực tiếp")

    def ready(self):
        from quiz.live import personal_data, report_figures  # noqa: F401  (privacy registry, report figure)
