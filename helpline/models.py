"""Reports from young people, their screenshots, the officers' messages, the audit trail, and the guidance
organisers edit in Wagtail. A report is tied to no account: the follow-up code is the only way back to it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin

from contest.forms_base import CleanTextAdminModelForm
from helpline.crypto import EncryptedTextField
from helpline.enums import AuditAction, Concern, Involve, MessageKind, Outcome, ReportState, Urgency


class Report(models.Model):
    code_digest = models.CharField(max_length=64, unique=True)  # HMAC of the follow-up code, never the code
    concerns = models.JSONField(_("Điều đang xảy ra"), default=list, blank=True)
    description = EncryptedTextField(_("Em kể thêm"), blank=True)
    involve = models.JSONField(_("Em đồng ý cho ai cùng biết"), default=list, blank=True)
    contact = EncryptedTextField(_("Cách liên lạc với em"), blank=True)
    language = models.CharField(max_length=8, default="vi")
    urgency = models.CharField(_("Mức khẩn cấp"), max_length=10, choices=Urgency.choices)
    state = models.CharField(
        _("Trạng thái"), max_length=20, choices=ReportState.choices, default=ReportState.NEW
    )
    outcome = models.CharField(_("Kết quả"), max_length=20, choices=Outcome.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    escalations = models.PositiveSmallIntegerField(default=0)
    # Digests of the sender's address and device cookie, for rate limits and misuse, never shown.
    sender_ip_digest = models.CharField(max_length=64, blank=True)
    sender_device_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    due_at = models.DateTimeField()  # when it must be picked up (or escalate again)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Báo cáo xin giúp đỡ")
        verbose_name_plural = _("Báo cáo xin giúp đỡ")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state=ReportState.CLOSED) | ~models.Q(outcome=""),
                name="helpline_closed_report_has_outcome",
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"

    def concern_labels(self) -> list[str]:
        return [str(Concern(value).label) for value in self.concerns if value in Concern.values]

    def involve_labels(self) -> list[str]:
        return [str(Involve(value).label) for value in self.involve if value in Involve.values]


class Evidence(models.Model):
    """A screenshot: the original (private, encrypted, for the assigned officer) and a scrubbed copy."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    original_key = models.CharField(max_length=200)
    original_sha256 = models.CharField(max_length=64)
    original_bytes = models.PositiveIntegerField()
    original_format = models.CharField(max_length=10)
    scrubbed_key = models.CharField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Ảnh chụp màn hình")
        verbose_name_plural = _("Ảnh chụp màn hình")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.report_id}/{self.pk}"


class ReportMessage(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=12, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField(_("Nội dung"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Tin nhắn")
        verbose_name_plural = _("Tin nhắn")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.kind}"


class AuditEvent(models.Model):
    """Who looked at or did what to which report. `detail` never holds what the young person wrote."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    state_from = models.CharField(max_length=20, blank=True)
    state_to = models.CharField(max_length=20, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Nhật ký xử lý")
        verbose_name_plural = _("Nhật ký xử lý")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"


class HelpGuidance(TranslatableMixin, models.Model):
    """What to do right now, shown as soon as a report is sent; one piece per concern, or for every report."""

    base_form_class = CleanTextAdminModelForm

    concern = models.CharField(
        _("Dành cho"),
        max_length=20,
        choices=[("", _("Mọi báo cáo")), *Concern.choices],
        blank=True,
        help_text=_("Để trống để hiện cho mọi báo cáo."),
    )
    title = models.CharField(_("Tiêu đề"), max_length=120)
    body = RichTextField(_("Nội dung"), features=["bold", "italic", "ol", "ul", "link"])
    sort_order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Hướng dẫn khi xin giúp đỡ")
        verbose_name_plural = _("Hướng dẫn khi xin giúp đỡ")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title
