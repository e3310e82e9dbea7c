from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from submissions.enums import JobState


class MediaJob(models.Model):
    """Our own record of one media processing job, whatever queue runs it: attempts, progress, the
    worker holding it and its heartbeat. Recovery (retries, the reaper) reads this table, not the queue."""

    asset = models.ForeignKey(
        "submissions.MediaAsset", verbose_name=_("Tệp"), on_delete=models.CASCADE, related_name="jobs"
    )
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("Số lần chạy"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("Số lần chạy tối đa"), default=3)
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    error = models.TextField(_("Lỗi"), blank=True)
    worker = models.CharField(_("Tiến trình xử lý"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(_("Tín hiệu sống lúc"), null=True, blank=True)
    run_after = models.DateTimeField(_("Chạy sau"), null=True, blank=True)
    started_at = models.DateTimeField(_("Bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Kết thúc lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Tác vụ xử lý tệp")
        verbose_name_plural = _("Tác vụ xử lý tệp")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(state__in=["queued", "running"]),
                name="one_active_job_per_asset",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_percent"),
        ]
        indexes = [models.Index(fields=["state", "heartbeat_at"])]

    def __str__(self):
        return f"job {self.pk} asset {self.asset_id} {self.state}"
