"""States of a challenge clip and the moves allowed between them (issue 13 §1, DESIGN.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClipState(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên")
    PROCESSING = "processing", _("Đang xử lý")
    PENDING = "pending", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không được duyệt")
    # Our side failed (never the author's file): retried with backoff, then shown to organisers.
    FAILED = "failed", _("Lỗi xử lý")
    WITHDRAWN = "withdrawn", _("Đã rút")


_C = ClipState
CLIP_TRANSITIONS: dict[str, frozenset[str]] = {
    # UPLOADED ← PROCESSING is a retry, or a job taken over from a worker that died.
    _C.UPLOADED: frozenset({_C.PROCESSING, _C.FAILED, _C.WITHDRAWN}),
    _C.PROCESSING: frozenset({_C.PENDING, _C.REJECTED, _C.FAILED, _C.UPLOADED, _C.WITHDRAWN}),
    _C.PENDING: frozenset({_C.APPROVED, _C.REJECTED, _C.WITHDRAWN}),
    # An approved clip may be taken down again by an organiser (rejected with a reason).
    _C.APPROVED: frozenset({_C.REJECTED, _C.WITHDRAWN}),
    _C.REJECTED: frozenset({_C.WITHDRAWN}),
    _C.FAILED: frozenset({_C.UPLOADED, _C.WITHDRAWN}),
    _C.WITHDRAWN: frozenset(),
}

# Clips whose file is being worked on: the author sees progress, organisers do not moderate yet.
IN_PROGRESS_CLIP_STATES = frozenset({_C.UPLOADED, _C.PROCESSING})
# Clips still alive for their author (count towards the per-challenge limit).
LIVE_CLIP_STATES = frozenset({_C.UPLOADED, _C.PROCESSING, _C.PENDING, _C.APPROVED, _C.FAILED})


class RejectionSource(models.TextChoices):
    """Who said no: the pipeline (the file breaks a rule) or an organiser (moderation)."""

    FILE = "file", _("Tệp không hợp lệ")
    MODERATION = "moderation", _("Ban tổ chức không duyệt")


class ClipEventKind(models.TextChoices):
    TRANSITION = "transition", _("Đổi trạng thái")
    SAFEGUARDING = "safeguarding", _("Cảnh báo bảo vệ trẻ em")
    OFF_WALL = "off_wall", _("Gỡ khỏi trang công khai")
