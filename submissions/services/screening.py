"""Organisers' screening of submitted entries: eligible, returned with a reason, or disqualified.

Every decision goes through `transition_entry`, so each is an EntryEvent audit row (who, when, from, to,
why). A returned or disqualified entrant is told by e-mail once the decision commits; a returned entry
may be fixed and re-submitted before the deadline (RETURNED → SUBMITTED).
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from contest.errors import DomainError, NotAllowed
from contest.mail import queue_mail
from submissions.enums import EntryState
from submissions.models import Entry
from submissions.rules import can_screen_entries
from submissions.services.lifecycle import transition_entry

DECISIONS = {
    "eligible": EntryState.ELIGIBLE,
    "returned": EntryState.RETURNED,
    "disqualified": EntryState.DISQUALIFIED,
}


def _tell_entrant(*, entry_id: int) -> None:
    entry = Entry.objects.select_related("lead_entrant", "submitted_by", "contest").get(pk=entry_id)
    recipients = sorted({u.email for u in (entry.lead_entrant, entry.submitted_by) if u and u.is_active})
    if not recipients:
        return
    if entry.state == EntryState.RETURNED:
        subject = _("Bài dự thi %(code)s cần bổ sung") % {"code": entry.code}
        body = _(
            "Chào em,\n\nBan tổ chức đã xem bài %(code)s (%(contest)s) và thấy cần bổ sung:\n\n%(reason)s\n\n"
            "Em sửa lại rồi nộp lại trước hạn nộp bài nhé: %(url)s\n\nBan tổ chức"
        )
    else:
        subject = _("Bài dự thi %(code)s không hợp lệ") % {"code": entry.code}
        body = _(
            "Chào em,\n\nRất tiếc, bài %(code)s (%(contest)s) không hợp lệ với thể lệ cuộc thi vì:\n\n"
            "%(reason)s\n\nNếu em có câu hỏi, hãy liên hệ Ban tổ chức: %(url)s\n\nBan tổ chức"
        )
    reason = (
        entry.return_reason
        or entry.events.order_by("-created_at", "-pk").values_list("reason", flat=True).first()
    )
    context = {"code": entry.code, "contest": entry.contest.title, "reason": reason, "url": settings.SITE_URL}
    queue_mail(to=recipients, subject=subject, body=body % context)


@transaction.atomic
def screen_entry(*, entry: Entry, decision: str, actor, reason: str = "") -> Entry:
    """Moves a submitted entry to eligible, returned or disqualified (an audited transition). A return or
    a disqualification needs a reason and e-mails the entrant on commit."""
    if not can_screen_entries(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức mới được sàng lọc bài dự thi."))
    if decision not in DECISIONS:
        raise DomainError(_("Quyết định không hợp lệ."))
    reason = (reason or "").strip()
    if decision != "eligible" and not reason:
        raise DomainError(_("Hãy ghi lý do để thí sinh biết cần làm gì."))
    transition_entry(entry=entry, to_state=DECISIONS[decision], actor=actor, reason=reason)
    if decision != "eligible":
        entry_id = entry.pk
        transaction.on_commit(lambda: _tell_entrant(entry_id=entry_id))
    return entry


def screen_entries(
    *, entries, decision: str, actor, reason: str = ""
) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """The bulk action: each entry is decided in its own transaction, so one entry in the wrong state does
    not undo the others. Returns (done, [(entry, why not)])."""
    done, refused = [], []
    for entry in entries:
        try:
            screen_entry(entry=entry, decision=decision, actor=actor, reason=reason)
        except DomainError as error:
            refused.append((entry, error.message))
        else:
            done.append(entry)
    return done, refused
