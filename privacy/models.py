"""Consents per purpose, the guardians behind them, scheduled deletions, one-time codes and confidential
safeguarding flags. Everything here is about people; nothing knows what an entry is.

A Consent row is given once and never edited except to stamp its withdrawal or the school's confirmation,
so the rows are their own audit trail: who gave what, when, how, and the exact text they were shown.
The tables keep the names they had in `submissions` (their rows moved with them).
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from contest.forms_base import CleanTextAdminModelForm
from privacy.enums import (
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    DeletionRequester,
    DeletionState,
    GuardianCodePurpose,
    GuardianContact,
    SafeguardingCategory,
    SafeguardingStatus,
)


def private_storage():
    return storages["private"]


def _new_token_id() -> str:
    return secrets.token_urlsafe(32)


class GuardianConsentRequest(models.Model):
    """One e-mailed link to one guardian about one child. The link carries `token_id`, signed and
    time-stamped; the row decides whether that link still works."""

    entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardian_requests"
    )
    guardian_email = models.EmailField(_("E-mail phụ huynh"))
    guardian_name = models.CharField(_("Họ tên phụ huynh"), max_length=150, blank=True)
    token_id = models.CharField(max_length=64, unique=True, default=_new_token_id, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("Hết hạn lúc"))
    opened_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("Vô hiệu lúc"), null=True, blank=True)
    revoked_reason = models.CharField(max_length=40, blank=True)
    # When a parent account was made through this link (one per link). Which account is not kept: the
    # parent's account and the child's stay unconnected.
    parent_account_at = models.DateTimeField(_("Đã tạo tài khoản phụ huynh lúc"), null=True, blank=True)

    class Meta:
        db_table = "submissions_guardianconsentrequest"
        verbose_name = _("Yêu cầu phụ huynh đồng ý")
        verbose_name_plural = _("Yêu cầu phụ huynh đồng ý")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entrant"], condition=Q(revoked_at__isnull=True), name="guardian_request_one_live"
            ),
        ]

    def __str__(self):
        return f"{self.entrant_id} → {self.guardian_email}"


class Consent(models.Model):
    """One consent for one purpose about one person (the subject), by that person, a guardian, or the
    school on a signed paper form (signed by the pupil and a parent, so it counts as both)."""

    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("Mục đích"), max_length=20, choices=ConsentPurpose.choices)
    giver = models.CharField(_("Người đồng ý"), max_length=20, choices=ConsentGiver.choices)
    method = models.CharField(_("Cách ghi nhận"), max_length=20, choices=ConsentMethod.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tài khoản đã ghi nhận (thí sinh hoặc giáo viên phụ trách)."),
    )
    guardian_name = models.CharField(_("Họ tên phụ huynh"), max_length=150, blank=True)
    guardian_email = models.EmailField(_("E-mail phụ huynh"), blank=True)
    guardian_request = models.ForeignKey(
        GuardianConsentRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    guardian_reached_by = models.CharField(
        _("Cách liên hệ phụ huynh"), max_length=20, choices=GuardianContact.choices, blank=True
    )
    text_version = models.CharField(_("Phiên bản nội dung"), max_length=20)
    text_shown = models.TextField(_("Nội dung đã hiển thị"))
    paper_scan = models.FileField(storage=private_storage, max_length=255, blank=True)
    given_at = models.DateTimeField(_("Đồng ý lúc"))
    withdrawn_at = models.DateTimeField(_("Rút lại lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    school_confirmed_at = models.DateTimeField(_("Nhà trường xác nhận lúc"), null=True, blank=True)
    school_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    school_confirmed_how = models.CharField(
        _("Nhà trường xác nhận bằng"), max_length=20, choices=GuardianContact.choices, blank=True
    )

    class Meta:
        db_table = "submissions_consent"
        verbose_name = _("Sự đồng ý")
        verbose_name_plural = _("Sự đồng ý")
        ordering = ["subject", "purpose", "-given_at"]
        indexes = [models.Index(fields=["subject", "purpose"], name="submissions_subject_e6fae5_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "purpose", "giver"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_giver",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.subject_id}: {self.purpose} ({self.giver})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DeletionRequest(models.Model):
    """A deletion asked for by the person or their guardian, carried out by the periodic job once
    `due_at` has passed unless someone follows the cancel link first."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletion_requests"
    )
    requested_by = models.CharField(_("Người yêu cầu"), max_length=20, choices=DeletionRequester.choices)
    notify_email = models.EmailField(_("E-mail nhận thư huỷ"))
    token_id = models.CharField(max_length=64, unique=True, default=_new_token_id, editable=False)
    state = models.CharField(
        _("Trạng thái"), max_length=20, choices=DeletionState.choices, default=DeletionState.SCHEDULED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(_("Xoá sau"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Yêu cầu xoá dữ liệu")
        verbose_name_plural = _("Yêu cầu xoá dữ liệu")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"], condition=Q(state="scheduled"), name="deletion_one_scheduled"
            ),
        ]

    def __str__(self):
        return f"{self.subject_id}: {self.state} ({self.due_at:%d/%m/%Y})"


class GuardianCode(models.Model):
    """A one-time code e-mailed to the guardian's address before their link may download or delete the
    child's data: holding the link alone (a forwarded mail, a shared inbox) is not enough."""

    guardian_request = models.ForeignKey(
        GuardianConsentRequest, on_delete=models.CASCADE, related_name="codes"
    )
    purpose = models.CharField(max_length=20, choices=GuardianCodePurpose.choices)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Mã xác nhận của phụ huynh")
        verbose_name_plural = _("Mã xác nhận của phụ huynh")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.guardian_request_id}: {self.purpose}"


class SafeguardingFlag(models.Model):
    """A confidential flag about a person, seen only by designated officers, never by judges or the
    person, and never a reason to block or change anything. `about` is what prompted it (an entry)."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    about_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    category = models.CharField(_("Loại"), max_length=20, choices=SafeguardingCategory.choices)
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=SafeguardingStatus.choices, default=SafeguardingStatus.OPEN
    )
    summary = models.TextField(_("Mô tả"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "submissions_safeguardingflag"
        verbose_name = _("Cảnh báo bảo vệ trẻ em")
        verbose_name_plural = _("Cảnh báo bảo vệ trẻ em")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"], name="submissions_status_70b9dc_idx")]

    def __str__(self):
        return f"#{self.pk} {self.get_category_display()}"


class SafeguardingNote(models.Model):
    """One note on a flag; a status change writes a note too, so the history reads in one place."""

    flag = models.ForeignKey(SafeguardingFlag, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("Ghi chú"))
    status_from = models.CharField(max_length=20, choices=SafeguardingStatus.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=SafeguardingStatus.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "submissions_safeguardingnote"
        verbose_name = _("Ghi chú cảnh báo")
        verbose_name_plural = _("Ghi chú cảnh báo")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.flag_id}: {self.created_at:%d/%m/%Y}"


@register_setting(icon="lock")
class PrivacySettings(BaseGenericSetting):
    base_form_class = CleanTextAdminModelForm

    require_school_confirmation_under_16 = models.BooleanField(
        _("Bài của học sinh dưới 16 tuổi cần nhà trường xác nhận sự đồng ý của phụ huynh"),
        default=False,
        help_text=_(
            "Khi bật, sự đồng ý qua e-mail của phụ huynh chỉ đủ để chấm bài sau khi giáo viên phụ trách xác "
            "nhận (gọi điện hoặc phiếu giấy)."
        ),
    )

    class Meta:
        verbose_name = _("Quyền riêng tư")
