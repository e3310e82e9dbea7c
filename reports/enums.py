"""Choices of the campaign report: the lifecycle of a reporting period and what the audit records."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodState(models.TextChoices):
    OPEN = "open", _("Đang nhận báo cáo")
    LOCKED = "locked", _("Đã khoá")


PERIOD_TRANSITIONS: dict[str, frozenset[str]] = {
    PeriodState.OPEN: frozenset({PeriodState.LOCKED}),
    PeriodState.LOCKED: frozenset({PeriodState.OPEN}),
}


class ReportAction(models.TextChoices):
    SAVED = "saved", _("Lưu báo cáo")
    PHOTO_ADDED = "photo_added", _("Thêm ảnh")
    PHOTO_REMOVED = "photo_removed", _("Xoá ảnh")
    REMINDED = "reminded", _("Nhắc báo cáo")
    LOCKED = "locked", _("Khoá kỳ báo cáo")
    REOPENED = "reopened", _("Mở lại kỳ báo cáo")


# A school is reminded at most once in this time.
REMINDER_INTERVAL = timedelta(days=1)
# More participants than this many times the school's registered pupils is flagged as implausible
# (parents and teachers come to talks too, so a little over the roll is normal).
PLAUSIBLE_PARTICIPANTS_PER_PUPIL = 1.5
# More activities of one kind in one period than this is flagged as implausible whatever the school's size.
PLAUSIBLE_ACTIVITY_COUNT = 200
MAX_PHOTOS = 6
