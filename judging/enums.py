"""States and choices of judging: rounds as data with their allowed moves, sheets, aggregation methods."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundState(models.TextChoices):
    SETUP = "setup", _("Chuẩn bị")
    OPEN = "open", _("Đang chấm")
    CLOSED = "closed", _("Đã khoá điểm")
    FINALISED = "finalised", _("Đã chốt xếp hạng")


_R = RoundState
ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    _R.SETUP: frozenset({_R.OPEN}),
    _R.OPEN: frozenset({_R.CLOSED}),
    # An organiser may reopen a closed round (with a reason) before the ranking is fixed.
    _R.CLOSED: frozenset({_R.OPEN, _R.FINALISED}),
    _R.FINALISED: frozenset(),
}


class SheetState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")


class AggregationMethod(models.TextChoices):
    MEAN = "mean", _("Trung bình cộng")
    MEDIAN = "median", _("Trung vị")
    TRIMMED_MEAN = "trimmed_mean", _("Trung bình cắt bỏ điểm cao nhất và thấp nhất")


class AssignmentEnd(models.TextChoices):
    CONFLICT = "conflict", _("Xung đột lợi ích")
    LEFT_POOL = "left_pool", _("Bài không còn đủ điều kiện chấm")
    LEFT_PANEL = "left_panel", _("Giám khảo rời hội đồng")
    REASSIGNED = "reassigned", _("Ban tổ chức chuyển cho giám khảo khác")


class RoundEventKind(models.TextChoices):
    TRANSITION = "transition", _("Chuyển trạng thái")
    ASSIGNMENT = "assignment", _("Phân công")
    JUDGE_ADDED = "judge_added", _("Thêm giám khảo cho bài")
    REMINDER = "reminder", _("Nhắc giám khảo")
    TIE_BREAK = "tie_break", _("Quyết định phân hạng đồng điểm")
    ADVANCEMENT = "advancement", _("Xét vào vòng trong")
    REASSIGNMENT = "reassignment", _("Chuyển bài cho giám khảo khác")


# Entries judges may see: the contract with submissions (plus consent_complete=True).
JUDGEABLE_ENTRY_STATES = frozenset({"eligible", "in_judging", "advanced"})
