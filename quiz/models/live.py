"""Live sessions played in class (quiz/live/): the teacher's session with its phase and clock, the pupils who
joined it from their phones, and their answers. The server keeps the clock (`question_started_at`,
`deadline`) and every answer's arrival time; scores come from those alone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quiz.live.enums import LivePhase

__all__ = ["LiveAnswer", "LiveParticipant", "LiveSession"]


class LiveSession(models.Model):
    """One live run of a quiz. `code` (6 digits) is what pupils type; it is unique among sessions that are not
    finished (the database says so), so codes are reused over time. `position` is the index into
    `question_ids` of the question being asked or revealed."""

    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.CASCADE, related_name="live_sessions")
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="quiz_live_sessions",
        verbose_name=_("Người điều khiển"),
    )
    school = models.ForeignKey(
        "contest.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    code = models.CharField(_("Mã tham gia"), max_length=6)
    phase = models.CharField(max_length=10, choices=LivePhase.choices, default=LivePhase.LOBBY)
    question_ids = models.JSONField(default=list)
    seconds_per_question = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    question_started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Phiên đố vui trực tiếp")
        verbose_name_plural = _("Phiên đố vui trực tiếp")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(phase=LivePhase.FINISHED), name="quiz_live_code_open_unique"
            ),
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="quiz_live_code_digits"),
        ]

    def __str__(self):
        return f"{self.code} ({self.get_phase_display()})"

    @property
    def total(self) -> int:
        return len(self.question_ids)


class LiveParticipant(models.Model):
    """A phone in a session. `name` is what the leaderboard shows: a generated nickname, or for a signed-in
    account the quiz's display name (nickname unless the holder may show "first name + initial"); never a
    full name. `token` (in a cookie on that phone) is the participant's only key."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quiz_live_participations",
    )
    name = models.CharField(max_length=80)
    token = models.CharField(max_length=64, unique=True)
    score = models.PositiveIntegerField(default=0)
    correct_count = models.PositiveSmallIntegerField(default=0)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "-score", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="quiz_live_name_unique"),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="quiz_live_one_seat_per_user",
            ),
        ]
        indexes = [models.Index(fields=["session", "-score"], name="quiz_live_board")]

    def __str__(self):
        return f"{self.session_id}/{self.name}"


class LiveAnswer(models.Model):
    """One participant's answer to the question at `position`: at most one (the database says so), so a second
    tap is refused and the first kept. `received_at` is the server's clock when it arrived."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(LiveParticipant, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey("quiz.Question", on_delete=models.PROTECT, related_name="+")
    choice_ids = models.JSONField(default=list)
    received_at = models.DateTimeField()
    elapsed_ms = models.PositiveIntegerField()
    is_correct = models.BooleanField(default=False)
    points = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["participant", "position"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "position"], name="quiz_live_one_answer"),
        ]
        indexes = [models.Index(fields=["session", "position"], name="quiz_live_answers_at")]

    def __str__(self):
        return f"{self.participant_id}#{self.position}"
