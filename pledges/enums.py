"""States of a pledge's message and the moves allowed between them (issue 14 §2, DESIGN.md §3).

The signature itself has no lifecycle: it counts from the moment it is made. Only the optional message
waits for an organiser."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    NONE = "none", _("Không có lời nhắn")
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không được duyệt")


_M = MessageState
MESSAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    _M.NONE: frozenset(),
    _M.PENDING: frozenset({_M.APPROVED, _M.REJECTED}),
    # An approved message may be taken down again (rejected with a reason); a rejected one reconsidered.
    _M.APPROVED: frozenset({_M.REJECTED}),
    _M.REJECTED: frozenset({_M.APPROVED}),
}


class FlagKind(models.TextChoices):
    """Why the automatic screening held a message for a closer look (pledges.screening)."""

    PROFANITY = "profanity", _("Từ ngữ thô tục")
    LINK = "link", _("Đường dẫn, tên miền")
    PHONE = "phone", _("Số điện thoại")
    EMAIL = "email", _("Địa chỉ e-mail")
    HANDLE = "handle", _("Tài khoản mạng xã hội")
    PERSONAL = "personal", _("Thông tin cá nhân (tên, trường, lớp, địa chỉ)")


class CountScope(models.TextChoices):
    CITY = "city", _("Toàn thành phố")
    WARD = "ward", _("Phường/Xã")
    SCHOOL = "school", _("Trường")


# Who may sign: pupils and students, their teachers (school coordinators) and parents.
SIGNING_ROLES = frozenset({"entrant", "coordinator", "parent"})
MESSAGE_MAX_LENGTH = 280
