"""Panels, rounds, rubrics, assignments, conflicts and score sheets (DESIGN.md §5)."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from judging.enums import AggregationMethod, AssignmentEnd, RoundEventKind, RoundState, SheetState

WEIGHT_TOTAL = Decimal(100)


class Rubric(ClusterableModel):
    """A list of weighted criteria; the weights add up to 100."""

    name = models.CharField(_("Tên thang điểm"), max_length=200)
    description = models.TextField(_("Hướng dẫn chấm"), blank=True)

    class Meta:
        verbose_name = _("Thang điểm")
        verbose_name_plural = _("Thang điểm")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Criterion(Orderable):
    """One criterion of a rubric: a weight, a score range with a step, and a descriptor per level."""

    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("Tiêu chí"), max_length=200)
    weight = models.DecimalField(
        _("Trọng số (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    min_score = models.DecimalField(_("Điểm thấp nhất"), max_digits=6, decimal_places=2, default=0)
    max_score = models.DecimalField(_("Điểm cao nhất"), max_digits=6, decimal_places=2, default=10)
    step = models.DecimalField(
        _("Bước điểm"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    levels = models.TextField(
        _("Mô tả các mức điểm"),
        blank=True,
        help_text=_("Mỗi dòng một mức, dạng “điểm: mô tả”, ví dụ “10: Sáng tạo, thông điệp rõ ràng”."),
    )
    tie_break_priority = models.PositiveSmallIntegerField(
        _("Thứ tự xét khi đồng điểm"),
        null=True,
        blank=True,
        help_text=_("1 = xét tiêu chí này đầu tiên khi hai bài bằng điểm; để trống nếu không dùng."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("Tiêu chí chấm")
        verbose_name_plural = _("Tiêu chí chấm")
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=F("min_score")), name="criterion_score_range"),
            models.CheckConstraint(condition=Q(step__gt=0), name="criterion_step_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.name

    def is_on_step(self, value: Decimal) -> bool:
        return self.min_score <= value <= self.max_score and (value - self.min_score) % self.step == 0

    def level_descriptors(self) -> list[tuple[Decimal, str]]:
        """The lines of `levels` as (score, text), highest first."""
        parsed = []
        for line in (self.levels or "").splitlines():
            score, sep, text = line.partition(":")
            if not sep:
                continue
            try:
                parsed.append((Decimal(score.strip().replace(",", ".")), text.strip()))
            except ArithmeticError:
                continue
        return sorted(parsed, reverse=True)

    def clean(self):
        super().clean()
        errors = {}
        if self.min_score is not None and self.max_score is not None and self.max_score <= self.min_score:
            errors["max_score"] = _("Điểm cao nhất phải lớn hơn điểm thấp nhất.")
        elif self.step and self.min_score is not None and self.max_score is not None:
            if (self.max_score - self.min_score) % self.step:
                errors["step"] = _("Khoảng điểm phải chia hết cho bước điểm.")
            for line in (self.levels or "").splitlines():
                score, sep, _text = line.partition(":")
                if not line.strip():
                    continue
                try:
                    value = Decimal(score.strip().replace(",", "."))
                except ArithmeticError:
                    value = None
                if not sep or value is None or not self.is_on_step(value):
                    errors["levels"] = _(
                        "Dòng “%(line)s” không đúng dạng “điểm: mô tả” trong khoảng điểm."
                    ) % {"line": line.strip()[:60]}
                    break
        if errors:
            raise ValidationError(errors)


class Panel(ClusterableModel):
    """Judges with a head judge. Tied to one contest (and division), or to none: then it is reused across
    contests and divisions, each round naming the contest and division it judges."""

    name = models.CharField(_("Tên hội đồng"), max_length=200)
    contest = models.ForeignKey(
        "contest.Contest",
        verbose_name=_("Cuộc thi"),
        on_delete=models.PROTECT,
        related_name="judging_panels",
        null=True,
        blank=True,
        help_text=_(
            "Để trống để dùng hội đồng cho nhiều cuộc thi; khi đó mỗi vòng chấm chọn cuộc thi của mình."
        ),
    )
    division = models.ForeignKey(
        "contest.Division",
        verbose_name=_("Bảng"),
        on_delete=models.PROTECT,
        related_name="judging_panels",
        null=True,
        blank=True,
        help_text=_("Để trống nếu hội đồng chấm mọi bảng của cuộc thi."),
    )
    head_judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Trưởng ban giám khảo"),
        on_delete=models.PROTECT,
        related_name="headed_panels",
        limit_choices_to={"role": "head_judge"},
        null=True,
        blank=True,
    )
    judges = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Giám khảo"),
        related_name="judging_panels",
        limit_choices_to={"role__in": ["judge", "head_judge"]},
        blank=True,
    )

    class Meta:
        verbose_name = _("Hội đồng chấm")
        verbose_name_plural = _("Hội đồng chấm")
        ordering = ["contest", "name"]

    def __str__(self):
        return self.name


def new_seed() -> int:
    return secrets.randbelow(2**31)


class Round(models.Model):
    """One round of judging for a panel, scored against one rubric, of the panel's contest and division or
    of those the round names (a reused panel). Its state moves only through
    `judging.services.rounds.transition_round`."""

    name = models.CharField(_("Tên vòng"), max_length=200)
    panel = models.ForeignKey(
        Panel, verbose_name=_("Hội đồng"), on_delete=models.PROTECT, related_name="rounds"
    )
    contest = models.ForeignKey(
        "contest.Contest",
        verbose_name=_("Cuộc thi"),
        on_delete=models.PROTECT,
        related_name="judging_rounds",
        null=True,
        blank=True,
        help_text=_("Để trống để chấm cuộc thi của hội đồng; chọn khi dùng lại hội đồng cho cuộc thi khác."),
    )
    division = models.ForeignKey(
        "contest.Division",
        verbose_name=_("Bảng"),
        on_delete=models.PROTECT,
        related_name="judging_rounds",
        null=True,
        blank=True,
        help_text=_("Để trống để chấm bảng của hội đồng, hoặc mọi bảng."),
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("Thang điểm"), on_delete=models.PROTECT, related_name="rounds"
    )
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("Vòng trước"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_rounds",
        help_text=_(
            "Để trống cho vòng đầu: mọi bài hợp lệ được chấm. Nếu chọn, chỉ chấm các bài vào vòng trong."
        ),
    )
    state = models.CharField(
        _("Trạng thái"), max_length=12, choices=RoundState.choices, default=RoundState.SETUP
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("Số giám khảo mỗi bài"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    max_load = models.PositiveIntegerField(
        _("Số bài tối đa mỗi giám khảo"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )
    aggregation = models.CharField(
        _("Cách tổng hợp điểm"),
        max_length=16,
        choices=AggregationMethod.choices,
        default=AggregationMethod.MEAN,
    )
    trim_percent = models.PositiveSmallIntegerField(
        _("Tỉ lệ cắt mỗi đầu (%)"), default=20, validators=[MaxValueValidator(49)]
    )
    normalise_scores = models.BooleanField(_("Chuẩn hoá điểm theo giám khảo (z-score)"), default=False)
    normalise_min_sheets = models.PositiveIntegerField(
        _("Số phiếu tối thiểu để chuẩn hoá"),
        default=10,
        help_text=_("Chỉ chuẩn hoá điểm của giám khảo đã chấm ít nhất chừng này bài."),
    )
    disagreement_threshold = models.DecimalField(
        _("Ngưỡng lệch điểm (độ lệch chuẩn, thang 100)"), max_digits=5, decimal_places=2, default=Decimal(15)
    )
    scoring_deadline = models.DateTimeField(_("Hạn chấm"), null=True, blank=True)
    opened_at = models.DateTimeField(_("Mở chấm lúc"), null=True, blank=True, editable=False)
    seed = models.PositiveIntegerField(default=new_seed, editable=False)

    class Meta:
        verbose_name = _("Vòng chấm")
        verbose_name_plural = _("Vòng chấm")
        ordering = ["panel", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(judges_per_entry__gte=1), name="round_judges_per_entry_positive"
            ),
            models.CheckConstraint(condition=Q(trim_percent__lt=50), name="round_trim_below_half"),
            models.CheckConstraint(condition=~Q(previous_round=F("pk")), name="round_not_own_previous"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def judged_contest(self):
        return self.contest if self.contest_id else self.panel.contest

    @property
    def judged_division(self):
        if self.division_id:
            return self.division
        if not self.contest_id or self.contest_id == self.panel.contest_id:
            return self.panel.division
        return None

    def clean(self):
        super().clean()
        if self.panel_id is None:
            return
        contest = self.judged_contest
        if contest is None:
            raise ValidationError(
                {"contest": _("Hội đồng không gắn với cuộc thi nào: hãy chọn cuộc thi của vòng.")}
            )
        if self.division_id and not contest.divisions.filter(pk=self.division_id).exists():
            raise ValidationError({"division": _("Bảng này không thuộc cuộc thi của vòng.")})


class RoundEntry(models.Model):
    """An entry taking part in a round, with its fixed result once the round is finalised."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_entries")
    entry = models.ForeignKey("submissions.Entry", on_delete=models.CASCADE, related_name="round_entries")
    head_judge_order = models.PositiveSmallIntegerField(
        _("Thứ tự do trưởng ban quyết định"), null=True, blank=True
    )
    final_score = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("Hạng"), null=True, blank=True)
    advanced = models.BooleanField(_("Vào vòng trong"), null=True, blank=True)

    class Meta:
        verbose_name = _("Bài trong vòng chấm")
        verbose_name_plural = _("Bài trong vòng chấm")
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="round_entry_unique")]

    def __str__(self):
        return f"{self.round_id}: {self.entry_id}"


class Assignment(models.Model):
    """One judge scoring one entry in one round; ended (not deleted) when a conflict or a change takes it
    away, so the work already done stays on record."""

    round = models.ForeignKey(
        Round, verbose_name=_("Vòng thi"), on_delete=models.CASCADE, related_name="assignments"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Giám khảo"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    entry = models.ForeignKey("submissions.Entry", on_delete=models.PROTECT, related_name="assignments")
    position = models.PositiveIntegerField(_("Thứ tự trong hàng chờ"))
    active = models.BooleanField(_("Còn hiệu lực"), default=True)
    ended_reason = models.CharField(max_length=12, choices=AssignmentEnd.choices, blank=True)
    extra = models.BooleanField(_("Giám khảo bổ sung"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Phân công chấm")
        verbose_name_plural = _("Phân công chấm")
        ordering = ["round", "judge", "position"]
        indexes = [models.Index(fields=["round", "judge", "active", "position"])]
        constraints = [
            models.UniqueConstraint(fields=["round", "judge", "entry"], name="assignment_unique_judge_entry"),
            models.CheckConstraint(
                condition=Q(active=True) | ~Q(ended_reason=""), name="assignment_end_reason"
            ),
        ]

    def __str__(self):
        return f"{self.round_id}/{self.judge_id}/{self.entry_id}"


class JudgeDeclaration(models.Model):
    """A judge's own declaration, made before they see any entry: the schools they work at or are close to,
    and the names of relatives or pupils they teach. Matched privately against entrants (accent-folded) to
    record conflicts; the judge never learns which entries matched."""

    judge = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge_declaration"
    )
    schools = models.ManyToManyField("contest.School", verbose_name=_("Trường"), blank=True, related_name="+")
    other_schools = models.TextField(
        _("Trường khác (mỗi dòng một trường)"),
        blank=True,
        help_text=_("Trường không có trong danh sách, hoặc nơi thầy cô dạy thêm."),
    )
    people = models.TextField(
        _("Người thân hoặc học sinh thầy cô đang dạy (mỗi dòng một họ tên)"),
        blank=True,
        help_text=_("Chỉ hệ thống đối chiếu danh sách này với thí sinh; không ai khác xem được."),
    )
    declared_at = models.DateTimeField(_("Khai báo lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Khai báo quan hệ của giám khảo")
        verbose_name_plural = _("Khai báo quan hệ của giám khảo")

    def __str__(self):
        return str(self.judge)


class ConflictOfInterest(models.Model):
    """A judge who must not score an entry, or any entry of a school. A judge's own school is always a
    conflict and needs no row."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Giám khảo"),
        on_delete=models.CASCADE,
        related_name="conflicts",
        limit_choices_to={"role__in": ["judge", "head_judge"]},
    )
    entry = models.ForeignKey(
        "submissions.Entry", verbose_name=_("Bài dự thi"), on_delete=models.CASCADE, null=True, blank=True
    )
    school = models.ForeignKey(
        "contest.School", verbose_name=_("Trường"), on_delete=models.CASCADE, null=True, blank=True
    )
    reason = models.CharField(_("Lý do"), max_length=300, blank=True)
    declared_by_judge = models.BooleanField(_("Giám khảo tự khai"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Xung đột lợi ích")
        verbose_name_plural = _("Xung đột lợi ích")
        constraints = [
            models.CheckConstraint(
                condition=Q(entry__isnull=False, school__isnull=True)
                | Q(entry__isnull=True, school__isnull=False),
                name="conflict_entry_or_school",
            ),
            models.UniqueConstraint(
                fields=["judge", "entry"], condition=Q(entry__isnull=False), name="conflict_unique_entry"
            ),
            models.UniqueConstraint(
                fields=["judge", "school"], condition=Q(school__isnull=False), name="conflict_unique_school"
            ),
        ]

    def __str__(self):
        return f"{self.judge} ≠ {self.entry or self.school}"

    def clean(self):
        super().clean()
        if (self.entry_id is None) == (self.school_id is None):
            raise ValidationError(_("Hãy chọn đúng một trong hai: một bài dự thi hoặc một trường."))


class ScoreSheet(models.Model):
    """A judge's scores for one assignment. Drafts autosave; every save names the `version` it was based on
    and a stale one is refused. A submitted sheet changes only by the judge's explicit re-submit while the
    round is open, then only by an organiser with a reason; both write a SheetChange."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="sheet")
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=SheetState.choices, default=SheetState.DRAFT
    )
    comment_organisers = models.TextField(_("Nhận xét gửi ban tổ chức"), blank=True)
    comment_entrant = models.TextField(_("Nhận xét gửi thí sinh"), blank=True)
    total = models.DecimalField(
        _("Tổng điểm (thang 100)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("Nộp lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Phiếu chấm")
        verbose_name_plural = _("Phiếu chấm")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=SheetState.DRAFT) | Q(submitted_at__isnull=False, total__isnull=False),
                name="sheet_submitted_complete",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100), name="sheet_total_0_100"
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("Điểm tiêu chí")
        verbose_name_plural = _("Điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique_criterion")]

    def __str__(self):
        return f"{self.criterion_id}={self.value}"


class RoundEvent(models.Model):
    """Audit row of a round: transitions, assignment runs, reminders, tie-break decisions, advancement."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=RoundEventKind.choices)
    from_state = models.CharField(max_length=12, choices=RoundState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=RoundState.choices, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Nhật ký vòng chấm")
        verbose_name_plural = _("Nhật ký vòng chấm")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.round_id}: {self.kind}"


class SheetChange(models.Model):
    """Audit row of a change to a submitted sheet (the judge's re-submit, or an organiser's change after the
    round closed): who, when, why, before and after."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("Lý do"))
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Sửa phiếu chấm sau khi khoá")
        verbose_name_plural = _("Sửa phiếu chấm sau khi khoá")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="sheet_change_has_reason")]

    def __str__(self):
        return f"{self.sheet_id} @ {self.created_at:%d/%m/%Y %H:%M}"
