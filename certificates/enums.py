"""Kinds and states of certificates, the moves between states, and the fields a template places."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.enums import EntryState


class CertificateKind(models.TextChoices):
    AWARD = "award", _("Giấy chứng nhận đạt giải")
    PARTICIPATION = "participation", _("Giấy chứng nhận tham gia")


class CertificateState(models.TextChoices):
    ISSUED = "issued", _("Còn hiệu lực")
    REVOKED = "revoked", _("Không còn hiệu lực")


_C = CertificateState
CERTIFICATE_TRANSITIONS: dict[str, frozenset[str]] = {
    _C.ISSUED: frozenset({_C.REVOKED}),
    # An organiser may put back a certificate revoked by mistake (audited).
    _C.REVOKED: frozenset({_C.ISSUED}),
}

# Entries that reached judging earn a participation certificate.
PARTICIPATION_ENTRY_STATES = frozenset(
    {
        EntryState.ELIGIBLE,
        EntryState.IN_JUDGING,
        EntryState.ADVANCED,
        EntryState.NOT_ADVANCED,
        EntryState.AWARDED,
        EntryState.COMMENDED,
        EntryState.NOT_AWARDED,
    }
)
# An award certificate stands only while its entry is still one of these.
AWARD_ENTRY_STATES = frozenset({EntryState.AWARDED, EntryState.COMMENDED})


class TemplateField(models.TextChoices):
    """What a template can place on the page; each is drawn inside its box, shrunk to fit."""

    HEADING = "heading", _("Tiêu đề (GIẤY CHỨNG NHẬN)")
    INTRO = "intro", _("Lời dẫn (Ban tổ chức chứng nhận)")
    NAME = "name", _("Tên thí sinh")
    SCHOOL = "school", _("Trường")
    ACHIEVEMENT = "achievement", _("Giải / tham gia")
    CONTEST = "contest", _("Cuộc thi")
    DIVISION = "division", _("Bảng")
    CAMPAIGN = "campaign", _("Chiến dịch")
    DATE = "date", _("Ngày cấp")
    CODE = "code", _("Mã xác thực")
    QR = "qr", _("Mã QR xác thực")


class Align(models.TextChoices):
    CENTER = "center", _("Giữa")
    LEFT = "left", _("Trái")
    RIGHT = "right", _("Phải")
