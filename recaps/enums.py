"""States of a recap video and the moves allowed between them (issue 13 §2, DESIGN.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecapState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    QUEUED = "queued", _("Đang chờ dựng")
    RENDERING = "rendering", _("Đang dựng")
    READY = "ready", _("Sẵn sàng")
    FAILED = "failed", _("Lỗi khi dựng")
    # A clip in it may no longer be shown: the video is taken down and rendered again without it.
    STALE = "stale", _("Cần dựng lại")


_R = RecapState
RECAP_TRANSITIONS: dict[str, frozenset[str]] = {
    _R.DRAFT: frozenset({_R.QUEUED}),
    _R.QUEUED: frozenset({_R.RENDERING, _R.STALE, _R.QUEUED}),
    # RENDERING → QUEUED: the worker died (reaper) or the organiser asked again.
    _R.RENDERING: frozenset({_R.READY, _R.FAILED, _R.STALE, _R.QUEUED}),
    _R.READY: frozenset({_R.QUEUED, _R.STALE}),
    _R.FAILED: frozenset({_R.QUEUED, _R.STALE}),
    _R.STALE: frozenset({_R.QUEUED}),
}
BUSY_STATES = frozenset({_R.QUEUED, _R.RENDERING})


class RecapShape(models.TextChoices):
    LANDSCAPE = "16:9", _("Ngang 16:9 (1920×1080)")
    PORTRAIT = "9:16", _("Dọc 9:16 (1080×1920)")
    SQUARE = "1:1", _("Vuông 1:1 (1080×1080)")


class ClipChoice(models.TextChoices):
    CHOSEN = "chosen", _("Các clip ban tổ chức chọn, theo thứ tự đã xếp")
    NEWEST = "newest", _("N clip mới duyệt gần nhất trên trang thử thách")
