"""Choices of the help channel and the lifecycle of a report, kept as data."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Concern(models.TextChoices):
    PHOTOS = "photos", _("Có người đòi ảnh hoặc video của em")
    MEET = "meet", _("Có người rủ gặp mặt")
    SECRET = "secret", _("Có người bảo em giữ bí mật hoặc chuyển sang ứng dụng khác")
    THREAT = "threat", _("Có người đe dọa em")
    SCAM = "scam", _("Em bị lừa tiền, lừa nạp thẻ hoặc lừa tài khoản")
    OTHER = "other", _("Chuyện khác làm em lo lắng")


class Involve(models.TextChoices):
    PARENT = "parent", _("Bố mẹ hoặc người thân")
    TEACHER = "teacher", _("Thầy cô")
    POLICE = "police", _("Công an")
    NOBODY = "nobody", _("Chưa muốn ai biết, chỉ muốn được tư vấn")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Khẩn cấp")
    HIGH = "high", _("Cao")
    NORMAL = "normal", _("Bình thường")


# How soon an officer must pick a report up; past it, the report escalates to the next officer.
RESPONSE_TARGETS: dict[str, timedelta] = {
    Urgency.URGENT: timedelta(hours=1),
    Urgency.HIGH: timedelta(hours=4),
    Urgency.NORMAL: timedelta(hours=24),
}
URGENCY_ORDER = {Urgency.URGENT: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}
URGENT_CONCERNS = frozenset({Concern.PHOTOS, Concern.MEET, Concern.THREAT})
HIGH_CONCERNS = frozenset({Concern.SECRET, Concern.SCAM})


def initial_urgency(concerns) -> str:
    chosen = set(concerns)
    if chosen & URGENT_CONCERNS:
        return Urgency.URGENT
    if chosen & HIGH_CONCERNS:
        return Urgency.HIGH
    return Urgency.NORMAL


class ReportState(models.TextChoices):
    NEW = "new", _("Mới, chưa ai nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    CLOSED = "closed", _("Đã đóng")


REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportState.NEW: frozenset({ReportState.IN_PROGRESS, ReportState.CLOSED}),
    ReportState.IN_PROGRESS: frozenset({ReportState.CLOSED}),
    ReportState.CLOSED: frozenset({ReportState.IN_PROGRESS}),
}


class Outcome(models.TextChoices):
    ADVISED = "advised", _("Đã tư vấn, em an toàn")
    REFERRED_SCHOOL = "referred_school", _("Đã chuyển nhà trường hỗ trợ")
    REFERRED_POLICE = "referred_police", _("Đã chuyển công an")
    REFERRED_SUPPORT = "referred_support", _("Đã chuyển hỗ trợ tâm lý, pháp lý")
    NO_CONTACT = "no_contact", _("Không liên lạc được")
    MISUSE = "misuse", _("Báo cáo không nghiêm túc")


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Trả lời cho em")  # the young person reads it with the code
    NOTE = "note", _("Ghi chú nội bộ")
    FOLLOW_UP = "follow_up", _("Em viết thêm")


class AuditAction(models.TextChoices):
    VIEW_QUEUE = "view_queue", _("Xem danh sách")
    VIEW = "view", _("Xem báo cáo")
    VIEW_EVIDENCE = "view_evidence", _("Xem ảnh")
    VIEW_ORIGINAL = "view_original", _("Xem ảnh gốc")
    ASSIGN = "assign", _("Phân công")
    TRANSITION = "transition", _("Đổi trạng thái")
    URGENCY = "urgency", _("Đổi mức khẩn cấp")
    NOTE = "note", _("Ghi chú")
    REPLY = "reply", _("Trả lời")
    ESCALATE = "escalate", _("Chuyển cấp")
    MISUSE = "misuse", _("Đánh dấu không nghiêm túc")
    READ_BY_REPORTER = "read_by_reporter", _("Em đã đọc bằng mã")
