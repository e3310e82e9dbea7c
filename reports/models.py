"""Schools' activity reports per reporting period, their photos, and the audit of the reporting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.enums import PeriodState, ReportAction


class ReportingPeriod(models.Model):
    """A span of the campaign that schools report their activities for; organisers lock it when done."""

    campaign = models.ForeignKey(
        "contest.Campaign",
        verbose_name=_("Chiến dịch"),
        on_delete=models.CASCADE,
        related_name="reporting_periods",
    )
    title = models.CharField(_("Tên kỳ báo cáo"), max_length=200)
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN, editable=False
    )
    state_changed_at = models.DateTimeField(_("Đổi trạng thái lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Kỳ báo cáo hoạt động")
        verbose_name_plural = _("Kỳ báo cáo hoạt động")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN


class ActivityReport(models.Model):
    """What one school did in one period: talks, participants, posters, workshops."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports")
    school = models.ForeignKey("contest.School", on_delete=models.CASCADE, related_name="activity_reports")
    talks_held = models.PositiveIntegerField(_("Số buổi nói chuyện, tuyên truyền"), default=0)
    participants = models.PositiveIntegerField(_("Số người tham dự"), default=0)
    posters_displayed = models.PositiveIntegerField(_("Số áp phích, pano đã trưng bày"), default=0)
    workshops = models.PositiveIntegerField(_("Số buổi sinh hoạt chuyên đề, hội thảo"), default=0)
    held_on = models.DateField(_("Ngày tổ chức hoạt động chính"))
    description = models.TextField(_("Mô tả hoạt động"), blank=True)
    implausible = models.BooleanField(_("Số liệu cần kiểm tra"), default=False, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Báo cáo hoạt động của trường")
        verbose_name_plural = _("Báo cáo hoạt động của trường")
        ordering = ["period", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "school"], name="activity_report_one_per_school"),
        ]

    def __str__(self):
        return f"{self.school} – {self.period}"


class ActivityPhoto(models.Model):
    """A photo of an activity: only the copy the media pipeline re-encoded from pixels is kept (no EXIF,
    no GPS, no file name), in the private store."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="photos")
    key = models.CharField(max_length=200, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Ảnh hoạt động")
        verbose_name_plural = _("Ảnh hoạt động")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.report} #{self.pk}"


class ReportEvent(models.Model):
    """Audit row of the reporting: who saved, added a photo, reminded a school, locked a period, and when."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="events")
    school = models.ForeignKey(
        "contest.School", on_delete=models.CASCADE, null=True, blank=True, related_name="report_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=ReportAction.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("Nhật ký báo cáo hoạt động")
        verbose_name_plural = _("Nhật ký báo cáo hoạt động")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["period", "school", "action", "at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class SchoolImport(models.Model):
    """Audit row of an import of the city's schools: who applied it, when, and what it changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Lần nhập danh sách trường")
        verbose_name_plural = _("Lần nhập danh sách trường")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}"
