"""States and choices of results: a contest's result as data with its allowed moves, feedback review."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from contest.enums import PrizeTier


class ResultState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    COSIGNED = "cosigned", _("Đã đồng ký")
    PUBLISHED = "published", _("Đã công bố")


_R = ResultState
RESULT_TRANSITIONS: dict[str, frozenset[str]] = {
    # The head judge's co-sign freezes the allocation.
    _R.DRAFT: frozenset({_R.COSIGNED}),
    # An organiser may reopen a co-signed result (audited, with a reason) until it is published.
    _R.COSIGNED: frozenset({_R.DRAFT, _R.PUBLISHED}),
    _R.PUBLISHED: frozenset(),
}


class ResultAction(models.TextChoices):
    TRANSITION = "transition", _("Chuyển trạng thái")
    ALLOCATED = "allocated", _("Phân bổ giải")
    TIE_DECIDED = "tie_decided", _("Quyết định đồng hạng ở ranh giới giải")
    ADJUSTED = "adjusted", _("Điều chỉnh giải")
    REALLOCATED = "reallocated", _("Chuyển giải của bài đã rút")
    FEEDBACK_COLLECTED = "feedback_collected", _("Tổng hợp nhận xét")
    FEEDBACK_EDITED = "feedback_edited", _("Sửa nhận xét")
    FEEDBACK_HELD = "feedback_held", _("Giữ lại nhận xét")
    FEEDBACK_SHOWN = "feedback_shown", _("Duyệt nhận xét")
    FEEDBACK_RELEASED = "feedback_released", _("Gửi nhận xét cho thí sinh")
    SETTINGS = "settings", _("Đổi cài đặt kết quả")


class FeedbackState(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Được gửi")
    HELD = "held", _("Giữ lại")


# Entry states on co-sign: prizes Nhất/Nhì/Ba are "awarded", Khuyến khích "commended".
TIER_ENTRY_STATE = {
    PrizeTier.FIRST: "awarded",
    PrizeTier.SECOND: "awarded",
    PrizeTier.THIRD: "awarded",
    PrizeTier.COMMENDATION: "commended",
}


class PurgeState(models.TextChoices):
    """A request to the CDN to forget pages and files: tried at once, retried with growing delays."""

    PENDING = "pending", _("Đang chờ xoá bộ nhớ đệm")
    DONE = "done", _("Đã xoá bộ nhớ đệm")


# Seconds before the next try of a failed purge, by attempt; the last figure repeats.
PURGE_RETRY_DELAYS = (10, 30, 60, 300, 900)
