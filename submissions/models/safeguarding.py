"""Confidential safeguarding flags on entries: seen only by designated officers, never by judges or
entrants, and never a reason to block or change an entry."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.enums import SafeguardingCategory, SafeguardingStatus


class SafeguardingFlag(models.Model):
    entry = models.ForeignKey("submissions.Entry", on_delete=models.PROTECT, related_name="+")
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
        verbose_name = _("Cảnh báo bảo vệ trẻ em")
        verbose_name_plural = _("Cảnh báo bảo vệ trẻ em")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]

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
        verbose_name = _("Ghi chú cảnh báo")
        verbose_name_plural = _("Ghi chú cảnh báo")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.flag_id}: {self.created_at:%d/%m/%Y}"
