"""The pledge wall ("Bức tường An toàn số"): the campaign's commitments, one signature per account with an
optional short message held for moderation, its audit trail, and the denormalised counts the wall reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pledges.enums import MESSAGE_MAX_LENGTH, CountScope, MessageState


class Commitment(models.Model):
    """One sentence of the campaign's pledge; organisers edit wording and order in the admin. A core
    commitment must be ticked to sign; an optional one may be left out."""

    text = models.CharField(_("Cam kết"), max_length=200)
    text_en = models.CharField(_("Cam kết (tiếng Anh)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    is_core = models.BooleanField(
        _("Bắt buộc"), default=True, help_text=_("Người ký phải đánh dấu mọi cam kết bắt buộc.")
    )
    is_active = models.BooleanField(_("Đang dùng"), default=True)

    class Meta:
        verbose_name = _("Cam kết")
        verbose_name_plural = _("Cam kết")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text

    @property
    def localized_text(self) -> str:
        return self.text_en if (get_language() or "").startswith("en") and self.text_en else self.text


class Pledge(models.Model):
    """One account's signature. It counts at once; its message (if any) is public only once approved.
    `school` and `ward` are where the signature was counted when it was made."""

    signer = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("Người ký"), on_delete=models.CASCADE, related_name="pledge"
    )
    role = models.CharField(_("Vai trò"), max_length=20)
    school = models.ForeignKey(
        "contest.School",
        verbose_name=_("Trường"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
    )
    ward = models.CharField(_("Phường/Xã"), max_length=120, blank=True)
    # The wording as signed: organisers may reword the commitments later.
    commitments = models.JSONField(_("Cam kết đã ký"), default=list)
    show_name = models.BooleanField(_("Hiện tên (tên và chữ cái đầu của họ)"), default=False)
    message = models.TextField(_("Lời nhắn"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    message_state = models.CharField(
        _("Trạng thái lời nhắn"), max_length=10, choices=MessageState.choices, default=MessageState.NONE
    )
    # Screening's reasons: " phone link " (space-delimited kinds, so a filter works on SQLite too), with
    # what matched in `flag_details` for the organiser.
    flag_kinds = models.CharField(_("Lý do cần xem kỹ"), max_length=120, blank=True)
    flag_details = models.JSONField(_("Chi tiết sàng lọc"), default=list, blank=True)
    flagged = models.BooleanField(_("Cần xem kỹ"), default=False)
    rejection_reason = models.TextField(_("Lý do không duyệt"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("Kiểm duyệt lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("Duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("Ký lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Chữ ký cam kết")
        verbose_name_plural = _("Chữ ký cam kết")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(message_state="none", message="") | (~Q(message_state="none") & ~Q(message="")),
                name="pledge_message_state_matches_message",
            ),
            models.CheckConstraint(
                condition=~Q(message_state="approved") | Q(approved_at__isnull=False),
                name="pledge_approved_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["message_state", "-approved_at", "-id"], name="pledge_wall"),
            models.Index(fields=["school", "message_state"], name="pledge_school_state"),
            models.Index(fields=["message_state", "flagged", "created_at"], name="pledge_queue"),
        ]

    def __str__(self):
        return f"Chữ ký #{self.pk}"

    def get_admin_url(self) -> str:
        from django.urls import reverse

        return reverse("pledges_pledge", kwargs={"pk": self.pk})

    @property
    def flag_list(self) -> list[str]:
        return self.flag_kinds.split()


class PledgeEvent(models.Model):
    """Audit row: one per move of a message (who, when, from, to, why)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(max_length=10, choices=MessageState.choices)
    to_state = models.CharField(max_length=10, choices=MessageState.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Lịch sử lời nhắn")
        verbose_name_plural = _("Lịch sử lời nhắn")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.pledge_id}: {self.from_state} → {self.to_state}"


class PledgeCount(models.Model):
    """How many signatures one school, one ward or the whole city has: kept by the signing and erasing
    services with F() in their transaction, so the wall reads a few rows instead of counting 100,000."""

    scope = models.CharField(max_length=8, choices=CountScope.choices)
    school = models.ForeignKey(
        "contest.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ward = models.CharField(max_length=120, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Số chữ ký")
        verbose_name_plural = _("Số chữ ký")
        constraints = [
            models.UniqueConstraint(
                fields=["scope"], condition=Q(scope="city"), name="pledge_count_one_city"
            ),
            models.UniqueConstraint(
                fields=["ward"], condition=Q(scope="ward"), name="pledge_count_one_per_ward"
            ),
            models.UniqueConstraint(
                fields=["school"], condition=Q(scope="school"), name="pledge_count_one_per_school"
            ),
            models.CheckConstraint(
                condition=Q(scope="school", school__isnull=False)
                | (~Q(scope="school") & Q(school__isnull=True)),
                name="pledge_count_school_scope",
            ),
        ]
        indexes = [models.Index(fields=["scope", "-count"], name="pledge_count_rank")]

    def __str__(self):
        return f"{self.scope} {self.school_id or self.ward}: {self.count}"
