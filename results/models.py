"""A contest's result: prizes allocated from the final rankings, co-signed, later published; the judges'
comments to entrants as organisers reviewed them; and the audit of every step."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contest.enums import PrizeTier
from results.enums import FeedbackState, ResultAction, ResultState


class ContestResult(models.Model):
    """One per contest. Its state moves only through `results.services.prizes.transition_result` (and the
    publication service): draft → cosigned → published."""

    contest = models.OneToOneField(
        "contest.Contest", verbose_name=_("Cuộc thi"), on_delete=models.PROTECT, related_name="result"
    )
    state = models.CharField(
        _("Trạng thái"), max_length=12, choices=ResultState.choices, default=ResultState.DRAFT
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    allocated_at = models.DateTimeField(_("Phân bổ giải lúc"), null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cosigned_at = models.DateTimeField(_("Đồng ký lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("Công bố lúc"), null=True, blank=True)
    feedback_released = models.BooleanField(_("Đã gửi nhận xét cho thí sinh"), default=False)
    feedback_released_at = models.DateTimeField(_("Gửi nhận xét lúc"), null=True, blank=True)
    show_scores = models.BooleanField(
        _("Cho thí sinh xem điểm theo tiêu chí"),
        default=False,
        help_text=_("Thí sinh thấy điểm trung bình của từng tiêu chí, không bao giờ thấy ai chấm."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Kết quả cuộc thi")
        verbose_name_plural = _("Kết quả cuộc thi")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=ResultState.DRAFT) | Q(cosigned_at__isnull=False),
                name="result_cosigned_has_time",
            ),
            models.CheckConstraint(
                condition=Q(feedback_released=False) | Q(state=ResultState.PUBLISHED),
                name="result_feedback_after_publication",
            ),
        ]

    def __str__(self):
        return str(self.contest)

    @property
    def is_frozen(self) -> bool:
        return self.state != ResultState.DRAFT


class Award(models.Model):
    """One prize given to one entry. `rank` is the entry's rank in its division's final round; `position`
    orders the awards of a division for pages and certificates (1 = the best)."""

    result = models.ForeignKey(
        ContestResult, verbose_name=_("Kết quả"), on_delete=models.CASCADE, related_name="awards"
    )
    entry = models.OneToOneField(
        "submissions.Entry", verbose_name=_("Bài dự thi"), on_delete=models.PROTECT, related_name="award"
    )
    division = models.ForeignKey(
        "contest.Division", verbose_name=_("Bảng"), on_delete=models.PROTECT, related_name="awards"
    )
    tier = models.CharField(_("Giải"), max_length=20, choices=PrizeTier.choices)
    round = models.ForeignKey(
        "judging.Round",
        verbose_name=_("Vòng chấm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    rank = models.PositiveIntegerField(_("Hạng"), null=True, blank=True)
    final_score = models.DecimalField(_("Điểm"), max_digits=7, decimal_places=3, null=True, blank=True)
    position = models.PositiveIntegerField(_("Thứ tự"), default=0)
    note = models.CharField(_("Ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Giải thưởng của bài")
        verbose_name_plural = _("Giải thưởng của bài")
        ordering = ["result", "division", "position", "pk"]
        indexes = [models.Index(fields=["result", "division", "position"])]

    def __str__(self):
        return f"{self.get_tier_display()}: {self.entry_id}"


class TieDecision(models.Model):
    """The organiser's explicit decision on entries sharing a rank across a prize boundary: their order
    (best first; the prize table's counts hold) or that they all share the better prize."""

    result = models.ForeignKey(ContestResult, on_delete=models.CASCADE, related_name="tie_decisions")
    division = models.ForeignKey("contest.Division", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField(_("Hạng đồng"))
    order = models.JSONField(_("Thứ tự quyết định (mã bài)"), default=list)
    share = models.BooleanField(_("Cùng nhận giải cao hơn"), default=False)
    reason = models.TextField(_("Lý do"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Quyết định đồng hạng")
        verbose_name_plural = _("Quyết định đồng hạng")
        constraints = [
            models.UniqueConstraint(fields=["result", "division", "rank"], name="tie_decision_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="tie_decision_has_reason"),
        ]

    def __str__(self):
        return f"{self.result_id}/{self.division_id}#{self.rank}"


class FeedbackComment(models.Model):
    """A judge's comment to the entrant, copied from the score sheet for organisers to review. The entrant
    sees `text` once approved and released, never who wrote it (`sheet` is for organisers only)."""

    result = models.ForeignKey(ContestResult, on_delete=models.CASCADE, related_name="feedback")
    entry = models.ForeignKey("submissions.Entry", on_delete=models.CASCADE, related_name="feedback")
    sheet = models.OneToOneField(
        "judging.ScoreSheet", on_delete=models.CASCADE, related_name="feedback_comment"
    )
    original = models.TextField(_("Nhận xét gốc của giám khảo"))
    text = models.TextField(_("Nhận xét gửi thí sinh"))
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=FeedbackState.choices, default=FeedbackState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("Duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Nhận xét gửi thí sinh")
        verbose_name_plural = _("Nhận xét gửi thí sinh")
        ordering = ["entry", "pk"]
        indexes = [models.Index(fields=["result", "state"])]

    def __str__(self):
        return f"{self.entry_id}: {self.get_state_display()}"

    @property
    def edited(self) -> bool:
        return self.text != self.original


class ResultEvent(models.Model):
    """Audit row of a contest's result: transitions, allocation, tie decisions, adjustments, reallocation
    after a withdrawal, feedback review and release."""

    result = models.ForeignKey(ContestResult, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=ResultAction.choices)
    from_state = models.CharField(max_length=12, choices=ResultState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=ResultState.choices, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Nhật ký kết quả")
        verbose_name_plural = _("Nhật ký kết quả")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.result_id}: {self.action}"


# The gallery's models live in their own module (helper "gallery"); imported here so Django finds them.
from results.public_models import PublicEntry, PublicFile  # noqa: E402

# Publication's own bookkeeping (helper "publish").
from results.publication_models import PurgeRequest  # noqa: E402

__all__ = [
    "Award",
    "ContestResult",
    "FeedbackComment",
    "PublicEntry",
    "PublicFile",
    "PurgeRequest",
    "ResultEvent",
    "TieDecision",
]
