"""Every write of the help channel. One function moves a report between states (`transition_report`);
mail goes out only through `_send_mail`, after the transaction commits, and never carries what the young
person wrote: officers are told that a report exists and where to open it."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from contest.errors import DomainError, InvalidTransition, NotAllowed
from contest.mail import queue_mail
from helpline import crypto
from helpline.codes import code_digest, new_code
from helpline.enums import (
    REPORT_TRANSITIONS,
    RESPONSE_TARGETS,
    AuditAction,
    MessageKind,
    Outcome,
    ReportState,
    Urgency,
    initial_urgency,
)
from helpline.evidence import Screenshot
from helpline.models import AuditEvent, Evidence, Report, ReportMessage
from helpline.rules import can_view_report, is_helpline_officer
from helpline.selectors import officers

EVIDENCE_PREFIX = "helpline"
MAX_TEXT = 5000


def _send_mail(*, subject: str, body: str, recipients: list[str]) -> None:
    """One message per officer, through the platform's mail queue (contest.mail)."""
    queue_mail(to=recipients, subject=subject, body=body)


def _report_url(report_id: int) -> str:
    with override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("helpline:officer_report", args=[report_id])


def _notify_new(*, report_id: int) -> None:
    with override(settings.LANGUAGE_CODE):
        _send_mail(
            subject=_("Có báo cáo xin giúp đỡ mới (#%(id)d)") % {"id": report_id},
            body=_("Một em vừa gửi báo cáo xin giúp đỡ. Xin mở ngay: %(url)s")
            % {"url": _report_url(report_id)},
            recipients=list(officers().values_list("email", flat=True)),
        )


def _notify_escalated(*, report_id: int, officer_id: int | None) -> None:
    if officer_id is None:
        return
    with override(settings.LANGUAGE_CODE):
        _send_mail(
            subject=_("Báo cáo #%(id)d chưa ai nhận: chuyển cho bạn") % {"id": report_id},
            body=_("Báo cáo này đã quá hạn phản hồi và được chuyển cho bạn. Xin mở ngay: %(url)s")
            % {"url": _report_url(report_id)},
            recipients=list(officers().filter(pk=officer_id).values_list("email", flat=True)),
        )


def _notify_follow_up(*, report_id: int, officer_id: int | None) -> None:
    with override(settings.LANGUAGE_CODE):
        _send_mail(
            subject=_("Báo cáo #%(id)d: em vừa viết thêm") % {"id": report_id},
            body=_("Em gửi báo cáo này vừa viết thêm bằng mã theo dõi. Xin mở: %(url)s")
            % {"url": _report_url(report_id)},
            recipients=list(
                (officers().filter(pk=officer_id) if officer_id else officers()).values_list(
                    "email", flat=True
                )
            ),
        )


def _audit(*, report, actor, action, state_from="", state_to="", detail="") -> AuditEvent:
    return AuditEvent.objects.create(
        report=report, actor=actor, action=action, state_from=state_from, state_to=state_to, detail=detail
    )


def _require_officer(actor) -> None:
    if not is_helpline_officer(actor):
        raise NotAllowed(_("Chỉ cán bộ được phân công mới xử lý được báo cáo này."))


def _clean_text(text: str, *, required_message: str | None = None) -> str:
    cleaned = (text or "").replace("\x00", "").strip()
    if required_message and not cleaned:
        raise DomainError(required_message)
    if len(cleaned) > MAX_TEXT:
        raise DomainError(_("Nội dung dài quá %(max)d ký tự.") % {"max": MAX_TEXT})
    return cleaned


def _next_officer(after_id: int | None):
    candidates = list(officers().values_list("pk", flat=True))
    if not candidates:
        return None
    later = [pk for pk in candidates if after_id is None or pk > after_id]
    return (later or candidates)[0]


def submit_report(
    *,
    concerns: list[str],
    description: str,
    screenshots: list[Screenshot],
    involve: list[str],
    contact: str,
    language: str,
    ip_digest: str = "",
    device_digest: str = "",
) -> tuple[Report, str]:
    """Store a report (text encrypted, screenshots encrypted in private storage), hand it to the next
    officer in turn, and e-mail every officer on commit. Returns the report and its follow-up code, which is not
    stored and cannot be shown again."""
    saved_keys: list[str] = []
    try:
        with transaction.atomic():
            return _create_report(
                concerns=concerns,
                description=description,
                screenshots=screenshots,
                involve=involve,
                contact=contact,
                language=language,
                ip_digest=ip_digest,
                device_digest=device_digest,
                saved_keys=saved_keys,
            )
    except BaseException:
        # The rows are rolled back; the encrypted files written meanwhile must go with them.
        for key in saved_keys:
            storages["private"].delete(key)
        raise


def _create_report(
    *, concerns, description, screenshots, involve, contact, language, ip_digest, device_digest, saved_keys
) -> tuple[Report, str]:
    description = _clean_text(description)
    if not (concerns or description or screenshots):
        raise DomainError(_("Hãy chọn điều đang xảy ra, kể thêm vài dòng hoặc gửi một ảnh chụp màn hình."))
    code = new_code()
    urgency = initial_urgency(concerns)
    now = timezone.now()
    report = Report(
        code_digest=code_digest(code),
        concerns=list(concerns),
        description=description,
        involve=list(involve),
        contact=_clean_text(contact)[:300],
        language=language,
        urgency=urgency,
        created_at=now,
        due_at=now + RESPONSE_TARGETS[urgency],
        assigned_to_id=_next_officer(Report.objects.values_list("assigned_to_id", flat=True).last()),
        sender_ip_digest=ip_digest,
        sender_device_digest=device_digest,
    )
    report.full_clean()
    report.save()
    _store_screenshots(report=report, screenshots=screenshots, saved_keys=saved_keys)
    _audit(report=report, actor=None, action=AuditAction.ASSIGN, detail="auto")
    report_id = report.pk
    transaction.on_commit(lambda: _notify_new(report_id=report_id))
    return report, code


def _store_screenshots(*, report: Report, screenshots: list[Screenshot], saved_keys: list[str]) -> None:
    storage = storages["private"]
    for shot in screenshots:
        original = storage.save(
            f"{EVIDENCE_PREFIX}/{uuid.uuid4().hex}", ContentFile(crypto.encrypt_bytes(shot.original))
        )
        saved_keys.append(original)
        scrubbed = storage.save(
            f"{EVIDENCE_PREFIX}/{uuid.uuid4().hex}", ContentFile(crypto.encrypt_bytes(shot.scrubbed))
        )
        saved_keys.append(scrubbed)
        Evidence.objects.create(
            report=report,
            original_key=original,
            original_sha256=shot.sha256,
            original_bytes=len(shot.original),
            original_format=shot.format,
            scrubbed_key=scrubbed,
            width=shot.width,
            height=shot.height,
        )


def read_evidence(*, evidence: Evidence, actor, original: bool) -> bytes:
    """Decrypted bytes of a screenshot, audited. The original only for the assigned officer."""
    report = evidence.report
    if not can_view_report(actor, report):
        raise NotAllowed(_("Chỉ cán bộ được phân công mới xử lý được báo cáo này."))
    if original and report.assigned_to_id != actor.pk:
        raise NotAllowed(_("Chỉ cán bộ đang phụ trách báo cáo mới mở được ảnh gốc."))
    key = evidence.original_key if original else evidence.scrubbed_key
    with storages["private"].open(key, "rb") as handle:
        data = crypto.decrypt_bytes(handle.read())
    _audit(
        report=report,
        actor=actor,
        action=AuditAction.VIEW_ORIGINAL if original else AuditAction.VIEW_EVIDENCE,
        detail=f"evidence {evidence.pk}",
    )
    return data


def record_view(*, report: Report | None, actor, action: str = AuditAction.VIEW) -> None:
    _require_officer(actor)
    _audit(report=report, actor=actor, action=action)


@transaction.atomic
def transition_report(*, report: Report, actor, to: str, outcome: str = "", detail: str = "") -> Report:
    """The one move between states: locks the row, checks REPORT_TRANSITIONS, records who and why."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if to not in REPORT_TRANSITIONS[report.state]:
        raise InvalidTransition(
            _("Không thể chuyển báo cáo từ “%(from)s” sang “%(to)s”.")
            % {
                "from": ReportState(report.state).label,
                "to": ReportState(to).label,
            }
        )
    state_from = report.state
    now = timezone.now()
    report.state = to
    if to == ReportState.IN_PROGRESS:
        report.picked_up_at = report.picked_up_at or now
        report.closed_at = None
        report.outcome = ""
        if actor is not None and report.assigned_to_id != actor.pk and state_from == ReportState.NEW:
            report.assigned_to = actor
    if to == ReportState.CLOSED:
        if outcome not in Outcome.values:
            raise DomainError(_("Hãy chọn kết quả trước khi đóng báo cáo."))
        report.outcome = outcome
        report.closed_at = now
    report.full_clean()
    report.save()
    _audit(
        report=report,
        actor=actor,
        action=AuditAction.TRANSITION,
        state_from=state_from,
        state_to=to,
        detail=detail,
    )
    return report


def pick_up_report(*, report: Report, actor) -> Report:
    """The officer takes the report: it is theirs and no longer escalates."""
    _require_officer(actor)
    return transition_report(report=report, actor=actor, to=ReportState.IN_PROGRESS, detail="pick up")


@transaction.atomic
def assign_report(*, report: Report, actor, officer) -> Report:
    _require_officer(actor)
    if not is_helpline_officer(officer):
        raise DomainError(_("Người này không phải cán bộ tiếp nhận."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.assigned_to = officer
    report.save(update_fields=["assigned_to"])
    _audit(report=report, actor=actor, action=AuditAction.ASSIGN, detail=f"to user {officer.pk}")
    return report


@transaction.atomic
def set_report_urgency(*, report: Report, actor, urgency: str) -> Report:
    _require_officer(actor)
    Urgency(urgency)
    report = Report.objects.select_for_update().get(pk=report.pk)
    previous = report.urgency
    report.urgency = urgency
    if report.state == ReportState.NEW:
        report.due_at = report.created_at + RESPONSE_TARGETS[urgency]
    report.save(update_fields=["urgency", "due_at"])
    _audit(report=report, actor=actor, action=AuditAction.URGENCY, detail=f"{previous} -> {urgency}")
    return report


@transaction.atomic
def add_report_note(*, report: Report, actor, text: str) -> ReportMessage:
    """An internal note: officers only, never shown to the young person."""
    _require_officer(actor)
    text = _clean_text(text, required_message=_("Hãy ghi nội dung ghi chú."))
    message = ReportMessage.objects.create(report=report, kind=MessageKind.NOTE, author=actor, text=text)
    _audit(report=report, actor=actor, action=AuditAction.NOTE)
    return message


@transaction.atomic
def reply_to_report(*, report: Report, actor, text: str) -> ReportMessage:
    """A reply the young person reads with the code. Replying to a new report picks it up."""
    _require_officer(actor)
    text = _clean_text(text, required_message=_("Hãy viết nội dung trả lời."))
    if report.state == ReportState.NEW:
        report = pick_up_report(report=report, actor=actor)
    message = ReportMessage.objects.create(report=report, kind=MessageKind.REPLY, author=actor, text=text)
    _audit(report=report, actor=actor, action=AuditAction.REPLY)
    return message


@transaction.atomic
def add_follow_up(*, report: Report, text: str) -> ReportMessage:
    """The young person writes more, with the code; the assigned officer is told by e-mail."""
    text = _clean_text(text, required_message=_("Hãy viết điều em muốn kể thêm."))
    message = ReportMessage.objects.create(report=report, kind=MessageKind.FOLLOW_UP, text=text)
    report_id, officer_id = report.pk, report.assigned_to_id
    transaction.on_commit(lambda: _notify_follow_up(report_id=report_id, officer_id=officer_id))
    return message


def close_report(*, report: Report, actor, outcome: str) -> Report:
    _require_officer(actor)
    return transition_report(report=report, actor=actor, to=ReportState.CLOSED, outcome=outcome)


def reopen_report(*, report: Report, actor) -> Report:
    _require_officer(actor)
    return transition_report(report=report, actor=actor, to=ReportState.IN_PROGRESS, detail="reopen")


def mark_report_misuse(*, report: Report, actor) -> Report:
    """Closes it as misuse. The sender is told nothing different; their device gets a tighter limit."""
    _require_officer(actor)
    report = transition_report(report=report, actor=actor, to=ReportState.CLOSED, outcome=Outcome.MISUSE)
    _audit(report=report, actor=actor, action=AuditAction.MISUSE)
    return report


@transaction.atomic
def escalate_report(*, report: Report, actor=None, reason: str = "") -> Report:
    """Hand the report to the next officer in turn and e-mail them; the clock starts again."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.NEW and actor is None:
        return report
    if actor is not None:
        _require_officer(actor)
    report.assigned_to_id = _next_officer(report.assigned_to_id)
    report.escalations += 1
    report.due_at = timezone.now() + RESPONSE_TARGETS[report.urgency]
    report.save(update_fields=["assigned_to", "escalations", "due_at"])
    _audit(report=report, actor=actor, action=AuditAction.ESCALATE, detail=reason[:200])
    report_id, officer_id = report.pk, report.assigned_to_id
    transaction.on_commit(lambda: _notify_escalated(report_id=report_id, officer_id=officer_id))
    return report


def escalate_overdue_reports(*, now: datetime | None = None) -> list[int]:
    """Reports nobody picked up by their due time go to the next officer (run by `helpline_escalate`)."""
    now = now or timezone.now()
    overdue = Report.objects.filter(state=ReportState.NEW, due_at__lte=now).values_list("pk", flat=True)
    escalated = []
    for report_id in list(overdue):
        escalate_report(report=Report(pk=report_id), reason="overdue")
        escalated.append(report_id)
    return escalated


def record_reporter_read(*, report: Report) -> None:
    _audit(report=report, actor=None, action=AuditAction.READ_BY_REPORTER)


def purge_closed_reports(*, closed_before: datetime) -> int:
    """Retention: closed reports, their screenshots and messages are deleted for good."""
    storage = storages["private"]
    count = 0
    for report in Report.objects.filter(state=ReportState.CLOSED, closed_at__lt=closed_before):
        keys = [key for ev in report.evidence.all() for key in (ev.original_key, ev.scrubbed_key)]
        with transaction.atomic():
            report.delete()
        for key in keys:
            storage.delete(key)
        count += 1
    return count


def rotate_encryption_keys() -> int:
    """Re-encrypt every stored text and file with the first key of HELPLINE_KEYS."""
    rows = 0
    for model, fields in ((Report, ["description", "contact"]), (ReportMessage, ["text"])):
        for obj in model.objects.iterator(chunk_size=500):
            obj.save(update_fields=fields)
            rows += 1
    storage = storages["private"]
    for evidence in Evidence.objects.iterator(chunk_size=200):
        old_keys = [evidence.original_key, evidence.scrubbed_key]
        new_keys = []
        for key in old_keys:
            with storage.open(key, "rb") as handle:
                rotated = crypto.fernet().rotate(handle.read())
            new_keys.append(storage.save(f"{EVIDENCE_PREFIX}/{uuid.uuid4().hex}", ContentFile(rotated)))
        evidence.original_key, evidence.scrubbed_key = new_keys
        evidence.save(update_fields=["original_key", "scrubbed_key"])
        for key in old_keys:
            storage.delete(key)
        rows += 1
    return rows
