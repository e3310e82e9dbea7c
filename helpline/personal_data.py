"""What the help channel stores about people, declared to the privacy registry (privacy/registry.py).

Reports are tied to no account on purpose: a data request for a pupil's account must not reveal that she
asked for help, and nothing in a report identifies its sender to us except what she chose to write. They are
kept until closed plus HELPLINE_RETENTION_DAYS and then deleted by `purge_closed_reports`. What is stored
about officers (their replies, notes and audit rows) is exported and anonymised with their account."""

from django.utils.translation import gettext_lazy as _

from helpline.models import AuditEvent, Evidence, HelpGuidance, Report, ReportMessage
from privacy.registry import declare_exempt, register


def export_officer_messages(*, user) -> list[dict]:
    return [
        {"report": m.report_id, "kind": m.kind, "at": m.created_at.isoformat()}
        for m in ReportMessage.objects.filter(author=user).order_by("pk")
    ]


def erase_officer_messages(*, user, actor, reason) -> int:
    return ReportMessage.objects.filter(author=user).update(author=None)


def export_officer_audit(*, user) -> list[dict]:
    return [
        {"report": e.report_id, "action": e.action, "at": e.at.isoformat()}
        for e in AuditEvent.objects.filter(actor=user).order_by("pk")
    ]


def erase_officer_audit(*, user, actor, reason) -> int:
    return AuditEvent.objects.filter(actor=user).update(actor=None)


register(
    ReportMessage,
    key="helpline_messages",
    keep=_("Đến khi báo cáo xin giúp đỡ bị xoá"),
    export=export_officer_messages,
    erase=erase_officer_messages,
)
register(
    AuditEvent,
    key="helpline_audit",
    keep=_("Đến khi báo cáo xin giúp đỡ bị xoá"),
    export=export_officer_audit,
    erase=erase_officer_audit,
)
declare_exempt(
    Report,
    reason=_("Không gắn với tài khoản nào; xoá sau khi đóng theo thời hạn lưu của kênh trợ giúp."),
)
declare_exempt(Evidence, reason=_("Thuộc một báo cáo xin giúp đỡ, xoá cùng báo cáo."))
declare_exempt(HelpGuidance, reason=_("Nội dung hướng dẫn, không chứa dữ liệu cá nhân."))
