"""Consents per purpose, and the signed-link requests that let a guardian give or withdraw them.

A Consent row is given once and never edited except to stamp its withdrawal, so the rows are their own
audit trail: who gave what, when, how, and the exact text they were shown.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from submissions.enums import ConsentGiver, ConsentMethod, ConsentPurpose
from submissions.models.media import private_storage


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

    class Meta:
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
    """One consent for one purpose about one entrant (the subject), by the entrant, a guardian, or the
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
    text_version = models.CharField(_("Phiên bản nội dung"), max_length=20)
    text_shown = models.TextField(_("Nội dung đã hiển thị"))
    paper_scan = models.FileField(storage=private_storage, max_length=255, blank=True)
    given_at = models.DateTimeField(_("Đồng ý lúc"))
    withdrawn_at = models.DateTimeField(_("Rút lại lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Sự đồng ý")
        verbose_name_plural = _("Sự đồng ý")
        ordering = ["subject", "purpose", "-given_at"]
        indexes = [models.Index(fields=["subject", "purpose"])]
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
