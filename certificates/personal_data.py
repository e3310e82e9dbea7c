"""What certificates store about people, declared to the privacy registry (privacy/registry.py).

A certificate names its holder (and the name they chose to print). It is exported with the account and
deleted with it; its audit rows lose their actor."""

from django.utils.translation import gettext_lazy as _

from certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateFieldPlacement,
    CertificateSignature,
    CertificateTemplate,
)
from privacy.registry import declare_exempt, register


def export_certificates(*, user) -> list[dict]:
    return [
        {
            "code": c.code,
            "kind": c.kind,
            "state": c.state,
            "entry": c.entry_id,
            "contest": c.contest_id,
            "tier": c.tier,
            "printed_name": c.printed_name,
            "issued_at": c.issued_at.isoformat(),
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
        }
        for c in Certificate.objects.filter(holder=user).order_by("pk")
    ]


def erase_certificates(*, user, actor, reason) -> int:
    deleted, _rows = Certificate.objects.filter(holder=user).delete()
    return deleted


def export_certificate_events(*, user) -> list[dict]:
    return [
        {"certificate": e.certificate_id, "to": e.to_state, "at": e.created_at.isoformat()}
        for e in CertificateEvent.objects.filter(actor=user).order_by("pk")
    ]


def erase_certificate_events(*, user, actor, reason) -> int:
    return CertificateEvent.objects.filter(actor=user).update(actor=None)


register(
    Certificate,
    key="certificates",
    keep=_("Đến khi tài khoản bị xoá; giấy chứng nhận là bằng chứng thí sinh đã tham gia, đạt giải"),
    export=export_certificates,
    erase=erase_certificates,
    order=8,
)
register(
    CertificateEvent,
    key="certificate_events",
    keep=_("Cùng giấy chứng nhận"),
    export=export_certificate_events,
    erase=erase_certificate_events,
    order=7,
)
declare_exempt(CertificateTemplate, reason=_("Mẫu trình bày, không chứa dữ liệu cá nhân của thí sinh."))
declare_exempt(
    CertificateSignature,
    reason=_("Tên, chức danh người ký của ban tổ chức, in công khai trên giấy chứng nhận."),
)
declare_exempt(CertificateFieldPlacement, reason=_("Vị trí trình bày, không chứa dữ liệu cá nhân."))
