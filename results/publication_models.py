"""Bookkeeping of publication: CDN purges requested by a takedown or a go-live, kept until the CDN
confirmed them (no personal data: URLs of public pages and files only)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from results.enums import PurgeState


class PurgeRequest(models.Model):
    urls = models.JSONField(_("Địa chỉ cần xoá khỏi bộ nhớ đệm"), default=list)
    reason = models.CharField(_("Lý do"), max_length=200)
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=PurgeState.choices, default=PurgeState.PENDING
    )
    attempts = models.PositiveIntegerField(_("Số lần thử"), default=0)
    last_error = models.TextField(_("Lỗi gần nhất"), blank=True)
    next_attempt_at = models.DateTimeField(_("Thử lại lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("Xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Yêu cầu xoá bộ nhớ đệm")
        verbose_name_plural = _("Yêu cầu xoá bộ nhớ đệm")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.reason} ({self.get_state_display()})"
