from django.db import models
from django.utils.translation import gettext_lazy as _


class LivePhase(models.TextChoices):
    LOBBY = "lobby", _("Đang chờ người chơi")
    QUESTION = "question", _("Đang hỏi")
    REVEAL = "reveal", _("Đáp án và bảng xếp hạng")
    FINISHED = "finished", _("Đã kết thúc")


# from → the phases a session may move to (move_session checks it; "next question" is reveal → question).
LIVE_TRANSITIONS: dict[str, frozenset[str]] = {
    LivePhase.LOBBY: frozenset({LivePhase.QUESTION, LivePhase.FINISHED}),
    LivePhase.QUESTION: frozenset({LivePhase.REVEAL, LivePhase.FINISHED}),
    LivePhase.REVEAL: frozenset({LivePhase.QUESTION, LivePhase.FINISHED}),
    LivePhase.FINISHED: frozenset(),
}

MAX_PARTICIPANTS = 1000
LEADERBOARD_SIZE = 10
CODE_DIGITS = 6
