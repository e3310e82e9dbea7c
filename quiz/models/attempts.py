"""Quizzes organisers define, pupils' attempts at them and each answer. Everything that decides a score is
stored with server timestamps: the order of the questions drawn, when each was served and its deadline."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quiz.enums import AttemptMode

MAX_QUESTIONS = 50
MIN_SECONDS, MAX_SECONDS = 5, 300


class Quiz(models.Model):
    """A quiz: N questions drawn from the active questions of some tags, with a time limit per question, open
    during a window."""

    title = models.CharField(_("Tên bộ đố vui"), max_length=150)
    slug = models.SlugField(
        _("Đường dẫn"),
        max_length=80,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9-]+$", _("Chỉ dùng chữ thường không dấu, số và dấu '-'."))],
        help_text=_("Ví dụ: tuan-1-lua-dao"),
    )
    description = models.TextField(_("Giới thiệu"), max_length=1000, blank=True)
    tags = models.ManyToManyField(
        "quiz.QuestionTag",
        verbose_name=_("Chủ đề lấy câu hỏi"),
        blank=True,
        related_name="quizzes",
        help_text=_("Để trống: lấy từ mọi câu hỏi đang dùng."),
    )
    question_count = models.PositiveSmallIntegerField(
        _("Số câu hỏi"), default=10, validators=[MinValueValidator(1), MaxValueValidator(MAX_QUESTIONS)]
    )
    seconds_per_question = models.PositiveSmallIntegerField(
        _("Số giây cho mỗi câu"),
        default=20,
        validators=[MinValueValidator(MIN_SECONDS), MaxValueValidator(MAX_SECONDS)],
    )
    opens_at = models.DateTimeField(_("Mở từ"))
    closes_at = models.DateTimeField(
        _("Đóng lúc"), null=True, blank=True, help_text=_("Để trống: không hạn.")
    )
    is_active = models.BooleanField(_("Đang mở"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = _("Bộ đố vui")
        verbose_name_plural = _("Bộ đố vui")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="quiz_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(question_count__gte=1, question_count__lte=MAX_QUESTIONS),
                name="quiz_question_count",
            ),
            models.CheckConstraint(
                condition=Q(seconds_per_question__gte=MIN_SECONDS, seconds_per_question__lte=MAX_SECONDS),
                name="quiz_seconds_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_active and self.opens_at <= now and (self.closes_at is None or now < self.closes_at)


class Attempt(models.Model):
    """One go at a quiz by one account. The questions are drawn at the start and kept in `question_ids` (their
    order); `position` is the index of the question being asked (== len(question_ids) once finished) and
    `current_deadline` the server's deadline for it. A ranked attempt counts for the leaderboards; an account
    makes at most one per calendar day in Asia/Ho_Chi_Minh (`local_day`), enforced by the database."""

    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("Bộ đố vui")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("Người chơi"),
    )
    mode = models.CharField(_("Hình thức"), max_length=10, choices=AttemptMode.choices)
    local_day = models.DateField(_("Ngày (giờ Việt Nam)"))
    # The school at the start, for the school's leaderboard; only a school the account belongs to.
    school = models.ForeignKey(
        "contest.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Trường"),
    )
    question_ids = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)
    current_served_at = models.DateTimeField(null=True, blank=True)
    current_deadline = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("Bắt đầu lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("Kết thúc lúc"), null=True, blank=True)
    score = models.PositiveIntegerField(_("Điểm"), default=0)
    correct_count = models.PositiveSmallIntegerField(_("Số câu đúng"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("Lượt chơi đố vui")
        verbose_name_plural = _("Lượt chơi đố vui")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_day"],
                condition=Q(mode=AttemptMode.RANKED),
                name="quiz_one_ranked_attempt_per_day",
            ),
        ]
        indexes = [
            models.Index(fields=["quiz", "mode", "school", "-score"], name="quiz_attempt_board"),
            models.Index(fields=["mode", "local_day"], name="quiz_attempt_day"),
        ]

    def __str__(self):
        return f"{self.quiz_id}/{self.user_id} {self.mode} {self.local_day}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def total(self) -> int:
        return len(self.question_ids)


class AttemptAnswer(models.Model):
    """The answer to one question of an attempt (or its timing out): at most one per question, enforced by the
    database, so an answer sent twice (two tabs, a double tap) never counts twice."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("quiz.Question", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    selected_choice_ids = models.JSONField(default=list, blank=True)
    is_correct = models.BooleanField(default=False)
    timed_out = models.BooleanField(default=False)
    served_at = models.DateTimeField()
    answered_at = models.DateTimeField()
    elapsed_ms = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="quiz_one_answer_per_question"),
            models.UniqueConstraint(fields=["attempt", "position"], name="quiz_one_answer_per_position"),
        ]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"


class QuizPlayer(models.Model):
    """A player's own choice for the leaderboards: show "first name + initial" instead of the nickname. For a
    pupil under 16 the name is shown only when a guardian's consent to publish it is also in force."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_player"
    )
    show_name = models.BooleanField(
        _("Hiện tên (tên và chữ cái đầu của họ) trên bảng xếp hạng"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Người chơi đố vui")
        verbose_name_plural = _("Người chơi đố vui")

    def __str__(self):
        return str(self.user_id)
