"""Purposes, givers and methods of consent, how a guardian was reached, safeguarding states, and the
lifecycle of a scheduled deletion (DESIGN.md §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Pupils younger than this on a contest's closing date need a guardian's consent as well as their own.
GUARDIAN_CONSENT_BELOW_AGE = 16


class ConsentPurpose(models.TextChoices):
    PARTICIPATION = "participation", _("Tham gia cuộc thi và được chấm điểm")
    DISPLAY_WORK = "display_work", _("Công khai tác phẩm")
    DISPLAY_IDENTITY = "display_identity", _("Công khai tên, trường và ảnh")


class ConsentGiver(models.TextChoices):
    ENTRANT = "entrant", _("Thí sinh")
    GUARDIAN = "guardian", _("Cha mẹ / Người giám hộ")
    SCHOOL_PAPER = "school_paper", _("Nhà trường (phiếu giấy)")


class ConsentMethod(models.TextChoices):
    ACCOUNT = "account", _("Trên tài khoản của thí sinh")
    GUARDIAN_LINK = "guardian_link", _("Qua đường dẫn gửi tới phụ huynh")
    PAPER = "paper", _("Phiếu giấy do nhà trường lưu")


class GuardianContact(models.TextChoices):
    """How the school or the platform reached the guardian behind a consent."""

    EMAIL_LINK = "email_link", _("Đường dẫn qua e-mail")
    PAPER_FORM = "paper_form", _("Phiếu giấy có chữ ký")
    PHONE_CALL = "phone_call", _("Gọi điện thoại")
    IN_PERSON = "in_person", _("Gặp trực tiếp")


# What a coordinator may have done to confirm a guardian's consent.
SCHOOL_CONFIRMATION_CONTACTS = (
    GuardianContact.PHONE_CALL,
    GuardianContact.PAPER_FORM,
    GuardianContact.IN_PERSON,
)


class SafeguardingCategory(models.TextChoices):
    ABUSE = "abuse", _("Tiết lộ bị xâm hại, bạo lực")
    SELF_HARM = "self_harm", _("Tự gây hại")
    EXPLOITATION = "exploitation", _("Bóc lột, dụ dỗ, lừa đảo")
    PRIVATE_DATA = "private_data", _("Lộ dữ liệu riêng tư của người thật")
    OTHER = "other", _("Khác")


class SafeguardingStatus(models.TextChoices):
    OPEN = "open", _("Mới")
    IN_REVIEW = "in_review", _("Đang xem xét")
    REFERRED = "referred", _("Đã chuyển cơ quan chức năng")
    CLOSED = "closed", _("Đã đóng")


class DeletionRequester(models.TextChoices):
    SELF = "self", _("Chính thí sinh")
    GUARDIAN = "guardian", _("Cha mẹ / Người giám hộ")


class DeletionState(models.TextChoices):
    SCHEDULED = "scheduled", _("Đã hẹn xoá")
    CANCELLED = "cancelled", _("Đã huỷ")
    DONE = "done", _("Đã xoá")


DELETION_TRANSITIONS: dict[str, frozenset[str]] = {
    DeletionState.SCHEDULED: frozenset({DeletionState.CANCELLED, DeletionState.DONE}),
    DeletionState.CANCELLED: frozenset(),
    DeletionState.DONE: frozenset(),
}


class GuardianCodePurpose(models.TextChoices):
    DOWNLOAD = "download", _("Tải dữ liệu về")
    DELETE = "delete", _("Xoá dữ liệu")
