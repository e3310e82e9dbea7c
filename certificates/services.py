"""Every write of certificates: issuing them from a published result, revoking and reinstating one, and the
name a pupil chooses to print. Nothing here draws a PDF; see `certificates.documents`."""

import unicodedata

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.enums import (
    AWARD_ENTRY_STATES,
    CERTIFICATE_TRANSITIONS,
    PARTICIPATION_ENTRY_STATES,
    CertificateKind,
    CertificateState,
)
from certificates.models import Certificate, CertificateEvent
from contest.errors import DomainError, InvalidTransition
from results.enums import ResultState
from results.models import Award, ContestResult
from submissions.enums import MembershipState
from submissions.models import Entry, TeamMember

SYSTEM_REASON_GONE = "entry_out_of_results"


class ResultNotPublished(DomainError):
    status_code = 409


def _holders(entries) -> dict[int, list[int]]:
    """The people each entry's certificates go to: the lead and every member who accepted."""
    holders = {entry.pk: [entry.lead_entrant_id] if entry.lead_entrant_id else [] for entry in entries}
    members = TeamMember.objects.filter(entry__in=list(holders), state=MembershipState.ACCEPTED).values_list(
        "entry_id", "user_id"
    )
    for entry_id, user_id in members.order_by("pk"):
        if user_id and user_id not in holders[entry_id]:
            holders[entry_id].append(user_id)
    return holders


@transaction.atomic
def issue_certificates(*, result: ContestResult, actor=None) -> dict[str, int]:
    """Makes the certificates a published result earns: one per prize and holder, one for taking part per
    entry that reached judging and holder (team entries: the lead and every accepted member).

    Idempotent: a certificate that exists keeps its row and code; a revoked one stays revoked. Certificates
    whose entry left the results (withdrawn, disqualified, its prize taken back) are revoked. Sends nothing.
    Returns counts {"issued": n, "revoked": n}."""
    result = ContestResult.objects.select_for_update().get(pk=result.pk)
    if result.state != ResultState.PUBLISHED:
        raise ResultNotPublished(_("Chỉ cấp giấy chứng nhận sau khi kết quả đã được công bố."))
    contest_id = result.contest_id
    entries = list(
        Entry.objects.filter(contest_id=contest_id, state__in=PARTICIPATION_ENTRY_STATES).only(
            "pk", "lead_entrant_id", "division_id", "state"
        )
    )
    awards = {
        award.entry_id: award
        for award in Award.objects.filter(result=result, entry__state__in=AWARD_ENTRY_STATES).only(
            "entry_id", "tier", "division_id"
        )
    }
    holders = _holders(entries)
    now = timezone.now()
    wanted: list[Certificate] = []
    for entry in entries:
        for holder_id in holders[entry.pk]:
            wanted.append(
                Certificate(
                    kind=CertificateKind.PARTICIPATION,
                    entry_id=entry.pk,
                    holder_id=holder_id,
                    contest_id=contest_id,
                    division_id=entry.division_id,
                    issued_at=now,
                )
            )
            award = awards.get(entry.pk)
            if award is not None:
                wanted.append(
                    Certificate(
                        kind=CertificateKind.AWARD,
                        entry_id=entry.pk,
                        holder_id=holder_id,
                        contest_id=contest_id,
                        division_id=award.division_id,
                        tier=award.tier,
                        issued_at=now,
                    )
                )
    existing = set(
        Certificate.objects.filter(contest_id=contest_id).values_list("entry_id", "holder_id", "kind")
    )
    new = [c for c in wanted if (c.entry_id, c.holder_id, c.kind) not in existing]
    # ignore_conflicts: a second issue running at the same time leaves the first one's rows and codes alone.
    Certificate.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    created = Certificate.objects.filter(
        contest_id=contest_id, issued_at=now, events__isnull=True
    ).values_list("pk", flat=True)
    CertificateEvent.objects.bulk_create(
        [
            CertificateEvent(certificate_id=pk, actor=actor, to_state=CertificateState.ISSUED, reason="")
            for pk in created
        ],
        batch_size=1000,
    )
    wanted_keys = {(c.entry_id, c.holder_id, c.kind) for c in wanted}
    gone = [
        pk
        for pk, entry_id, holder_id, kind in Certificate.objects.filter(
            contest_id=contest_id, state=CertificateState.ISSUED
        ).values_list("pk", "entry_id", "holder_id", "kind")
        if (entry_id, holder_id, kind) not in wanted_keys
    ]
    for pk in gone:
        _move(
            certificate=Certificate(pk=pk),
            to_state=CertificateState.REVOKED,
            actor=actor,
            reason=_("Bài dự thi không còn trong kết quả cuộc thi."),
        )
    return {"issued": len(new), "revoked": len(gone)}


def _move(*, certificate: Certificate, to_state: str, actor, reason: str) -> Certificate:
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    from_state = locked.state
    if to_state not in CERTIFICATE_TRANSITIONS[from_state]:
        raise InvalidTransition(
            _("Không thể chuyển giấy chứng nhận từ “%(src)s” sang “%(dst)s”.")
            % {"src": CertificateState(from_state).label, "dst": CertificateState(to_state).label}
        )
    locked.state = to_state
    if to_state == CertificateState.REVOKED:
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
    else:
        locked.revoked_at = None
        locked.revoked_reason = ""
    locked.save(update_fields=["state", "revoked_at", "revoked_reason"])
    CertificateEvent.objects.create(
        certificate=locked, actor=actor, from_state=from_state, to_state=to_state, reason=reason
    )
    return locked


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """The public verify page then says the certificate is no longer valid; the pupil can no longer
    download it. Needs a reason (audited)."""
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do thu hồi giấy chứng nhận."))
    return _move(certificate=certificate, to_state=CertificateState.REVOKED, actor=actor, reason=reason)


@transaction.atomic
def reinstate_certificate(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Puts back a certificate revoked by mistake; same code as before."""
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do khôi phục giấy chứng nhận."))
    return _move(certificate=certificate, to_state=CertificateState.ISSUED, actor=actor, reason=reason)


@transaction.atomic
def revoke_entry_certificates(*, entry: Entry, actor, reason: str) -> int:
    """For an entry disqualified or withdrawn after publication: every certificate of it is revoked."""
    pks = list(
        Certificate.objects.filter(entry=entry, state=CertificateState.ISSUED).values_list("pk", flat=True)
    )
    for pk in pks:
        _move(certificate=Certificate(pk=pk), to_state=CertificateState.REVOKED, actor=actor, reason=reason)
    return len(pks)


def _words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def _folded(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_choice_error(*, full_name: str, printed_name: str) -> str | None:
    """A printed name is a form of the pupil's own name: its words, in order, with the given name (the last
    word) kept; accents and capitals may differ. Anything else would not be the pupil's certificate."""
    chosen = _words(printed_name)
    if not chosen:
        return None
    own = [_folded(word) for word in _words(full_name)]
    folded = [_folded(word) for word in chosen]
    if not own or folded[-1] != own[-1]:
        return _("Tên in trên giấy chứng nhận phải giữ tên của em (chữ cuối trong họ và tên).")
    position = 0
    for word in folded:
        try:
            position = own.index(word, position) + 1
        except ValueError:
            return _("Tên in trên giấy chứng nhận chỉ gồm các chữ trong họ và tên của em, theo đúng thứ tự.")
    return None


@transaction.atomic
def set_printed_name(*, certificate: Certificate, actor, printed_name: str) -> Certificate:
    """The name printed on this certificate (blank: the full name). Only the holder changes it."""
    locked = Certificate.objects.select_for_update().select_related("holder").get(pk=certificate.pk)
    printed_name = " ".join(_words(printed_name))
    error = name_choice_error(full_name=locked.holder.full_name, printed_name=printed_name)
    if error:
        raise DomainError(error)
    if printed_name == locked.holder.full_name:
        printed_name = ""
    if printed_name != locked.printed_name:
        locked.printed_name = printed_name
        locked.save(update_fields=["printed_name"])
        CertificateEvent.objects.create(
            certificate=locked,
            actor=actor,
            from_state=locked.state,
            to_state=locked.state,
            reason=_("Đổi tên in trên giấy chứng nhận."),
        )
    return locked
