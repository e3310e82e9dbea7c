"""The people's choice vote: each contest's voting settings, the votes (one per account and entry), the
organisers' audit of voids and restores, and the "Giải bình chọn" given from the ranking."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voting.enums import TotalsDisplay, VoteState, VotingAction


class VotingSettings(models.Model):
    """One per contest that has a people's choice vote, edited by organisers in the Wagtail admin. Times are
    entered and shown in Asia/Ho_Chi_Minh. The limits are counted per contest (and per hour) on the keyed
    hash of the address and of the device cookie; schools share one address behind their router, so the
    address limits are generous and the device limits are the tight ones."""

    contest = models.OneToOneField(
        "contest.Contest", verbose_name=_("Cuộc thi"), on_delete=models.CASCADE, related_name="voting"
    )
    opens_at = models.DateTimeField(_("Mở bình chọn lúc"))
    closes_at = models.DateTimeField(_("Đóng bình chọn lúc"))
    max_votes_per_account = models.PositiveSmallIntegerField(
        _("Số phiếu tối đa của một tài khoản trong cuộc thi"), default=3
    )
    totals_display = models.CharField(
        _("Hiện số phiếu công khai"),
        max_length=12,
        choices=TotalsDisplay.choices,
        default=TotalsDisplay.ALWAYS,
    )
    ip_limit = models.PositiveIntegerField(
        _("Số phiếu tối đa từ một địa chỉ mạng (cả cuộc thi)"), default=200
    )
    ip_limit_hour = models.PositiveIntegerField(
        _("Số phiếu tối đa từ một địa chỉ mạng trong một giờ"), default=40
    )
    device_limit = models.PositiveIntegerField(_("Số phiếu tối đa từ một thiết bị (cả cuộc thi)"), default=6)
    device_limit_hour = models.PositiveIntegerField(
        _("Số phiếu tối đa từ một thiết bị trong một giờ"), default=3
    )
    min_account_age_hours = models.PositiveSmallIntegerField(
        _("Tuổi tối thiểu của tài khoản (giờ)"),
        default=24,
        help_text=_("Tài khoản mới hơn chỉ được bỏ số phiếu ghi ở ô dưới (0: chưa được bình chọn)."),
    )
    new_account_votes = models.PositiveSmallIntegerField(_("Số phiếu của tài khoản mới"), default=0)
    burst_votes = models.PositiveSmallIntegerField(
        _("Cảnh báo khi một địa chỉ hoặc thiết bị có từ bấy nhiêu phiếu"), default=10
    )
    burst_minutes = models.PositiveSmallIntegerField(_("… trong bấy nhiêu phút"), default=60)
    created_apart_minutes = models.PositiveSmallIntegerField(
        _("Cảnh báo tài khoản tạo cách nhau dưới (phút) cùng bình chọn một bài"), default=10
    )
    fresh_account_minutes = models.PositiveSmallIntegerField(
        _("Cảnh báo phiếu bỏ trong vòng (phút) sau khi tạo tài khoản"), default=30
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Cài đặt bình chọn")
        verbose_name_plural = _("Cài đặt bình chọn")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="voting_window_order"),
            models.CheckConstraint(
                condition=Q(max_votes_per_account__gte=1)
                & Q(ip_limit__gte=1)
                & Q(ip_limit_hour__gte=1)
                & Q(device_limit__gte=1)
                & Q(device_limit_hour__gte=1)
                & Q(burst_votes__gte=2)
                & Q(burst_minutes__gte=1),
                name="voting_limits_positive",
            ),
        ]

    def __str__(self):
        return str(self.contest)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def totals_public(self, now=None) -> bool:
        if self.totals_display == TotalsDisplay.ALWAYS:
            return True
        return self.totals_display == TotalsDisplay.AFTER_CLOSE and self.is_closed(now)


class Vote(models.Model):
    """One account's vote for one entry. The address is never stored, only its keyed hash (IPv6: of its
    /64), and the device is the keyed hash of a random id kept in a signed cookie. A vote is counted or
    voided by an organiser (`services.fraud`); voided votes stay on record and never count."""

    contest = models.ForeignKey("contest.Contest", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(
        "submissions.Entry", verbose_name=_("Bài dự thi"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=VoteState.choices, default=VoteState.COUNTED
    )
    ip_hash = models.CharField(max_length=64, blank=True)
    device_hash = models.CharField(max_length=64, blank=True)
    ua_family = models.CharField(_("Trình duyệt"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("Bỏ phiếu lúc"), default=timezone.now)
    voided_at = models.DateTimeField(_("Huỷ lúc"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    void_reason = models.TextField(_("Lý do huỷ"), blank=True)

    class Meta:
        verbose_name = _("Phiếu bình chọn")
        verbose_name_plural = _("Phiếu bình chọn")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["voter", "entry"], name="vote_one_per_account_and_entry"),
            models.CheckConstraint(
                condition=Q(state=VoteState.COUNTED) | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="vote_voided_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["contest", "ip_hash", "created_at"], name="vote_ip_window"),
            models.Index(fields=["contest", "device_hash", "created_at"], name="vote_device_window"),
            models.Index(fields=["contest", "voter"], name="vote_contest_voter"),
            models.Index(fields=["entry", "state"], name="vote_entry_state"),
        ]

    def __str__(self):
        return f"{self.voter_id} → {self.entry_id}"


class VotingEvent(models.Model):
    """Audit of the vote: voids and restores (with the votes' ids), tie decisions and the prize."""

    contest = models.ForeignKey("contest.Contest", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=VotingAction.choices)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Nhật ký bình chọn")
        verbose_name_plural = _("Nhật ký bình chọn")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.contest_id}: {self.action}"


class PeoplesChoiceAward(models.Model):
    """The "Giải bình chọn" of a contest: the entry with the most counted votes once the window closed, as
    the organiser allocated it (a tie decided with a reason)."""

    contest = models.OneToOneField(
        "contest.Contest", verbose_name=_("Cuộc thi"), on_delete=models.CASCADE, related_name="peoples_choice"
    )
    entry = models.ForeignKey(
        "submissions.Entry", verbose_name=_("Bài dự thi"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField(_("Số phiếu"))
    tied = models.BooleanField(_("Có đồng hạng"), default=False)
    tie_codes = models.JSONField(_("Các bài đồng hạng (mã bài)"), default=list, blank=True)
    reason = models.TextField(_("Lý do chọn khi đồng hạng"), blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    allocated_at = models.DateTimeField(_("Trao lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("Giải bình chọn")
        verbose_name_plural = _("Giải bình chọn")
        constraints = [
            models.CheckConstraint(
                condition=Q(tied=False) | ~Q(reason=""), name="peoples_choice_tie_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.contest_id}: {self.entry_id}"


__all__ = ["PeoplesChoiceAward", "Vote", "VotingEvent", "VotingSettings"]
