"""Every write of the pledge wall: signing (with the counts in the same transaction), the one service that
moves a message between states (audited), organisers' approval and rejection, and erasing a signature."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.errors import DomainError, InvalidTransition, NotAllowed
from pledges import rules
from pledges.enums import MESSAGE_MAX_LENGTH, MESSAGE_TRANSITIONS, CountScope, FlagKind, MessageState
from pledges.models import Commitment, Pledge, PledgeCount, PledgeEvent
from pledges.screening import flag_kinds, screen
from submissions.identity import Person


def _signing_school(signer):
    """Pupils and teachers count for their school (and its ward); parents and young people outside
    school count for the city only."""
    if signer.role in (Role.ENTRANT, Role.COORDINATOR):
        return signer.school
    return None


def _count_rows(school, ward: str) -> list[tuple[str, dict]]:
    rows = [(CountScope.CITY, {})]
    if ward:
        rows.append((CountScope.WARD, {"ward": ward}))
    if school is not None:
        rows.append((CountScope.SCHOOL, {"school": school}))
    return rows


def _add_to_counts(school, ward: str, delta: int) -> None:
    """Always city, ward, school in that order, so two signatures never wait on each other in a cycle."""
    for scope, key in _count_rows(school, ward):
        row, _created = PledgeCount.objects.get_or_create(scope=scope, **key)
        PledgeCount.objects.filter(pk=row.pk).update(count=Greatest(F("count") + delta, 0))


def screen_message(*, message: str, signer, school) -> list:
    people = [
        Person(full_name=signer.full_name or "", school=school.name if school else "", email=signer.email)
    ]
    return screen(message, people=people, schools=[school.name] if school else [])


@transaction.atomic
def sign_pledge(
    *, signer, commitment_ids: list[int], message: str = "", show_name: bool = False
) -> tuple[Pledge, bool]:
    """Makes `signer`'s one signature: it counts at once (PledgeCount of the city, the school's ward and
    the school, in this transaction); a message is screened and waits for an organiser (PENDING, with
    screening's reasons). A second signature of the same account returns the first one, unchanged:
    (pledge, False). Raises NotAllowed for roles that do not sign, DomainError when a core commitment
    is not ticked or the message is too long."""
    if not rules.can_sign(signer):
        raise NotAllowed(_("Chỉ học sinh, thầy cô và phụ huynh có tài khoản mới ký được cam kết."))
    existing = Pledge.objects.filter(signer=signer).first()
    if existing is not None:
        return existing, False
    commitments = list(Commitment.objects.filter(is_active=True).order_by("sort_order", "pk"))
    ticked = set(commitment_ids)
    if any(c.is_core and c.pk not in ticked for c in commitments):
        raise DomainError(_("Hãy đánh dấu đủ các cam kết bắt buộc."))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise DomainError(_("Lời nhắn dài tối đa %(n)s ký tự.") % {"n": MESSAGE_MAX_LENGTH})
    school = _signing_school(signer)
    ward = school.ward if school is not None else ""
    flags = screen_message(message=message, signer=signer, school=school) if message else []
    kinds = flag_kinds(flags)
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                signer=signer,
                role=signer.role,
                school=school,
                ward=ward,
                commitments=[{"id": c.pk, "text": c.text} for c in commitments if c.pk in ticked],
                show_name=show_name,
                message=message,
                message_state=MessageState.PENDING if message else MessageState.NONE,
                flag_kinds=f" {' '.join(kinds)} " if kinds else "",
                flag_details=[{"kind": f.kind, "text": f.text[:120]} for f in flags][:20],
                flagged=bool(kinds),
            )
    except IntegrityError:
        # The same account signed at the same moment in another tab: that signature stands.
        return Pledge.objects.get(signer=signer), False
    if message:
        PledgeEvent.objects.create(
            pledge=pledge,
            actor=signer,
            from_state=MessageState.NONE,
            to_state=MessageState.PENDING,
            reason=", ".join(str(FlagKind(kind).label) for kind in kinds),
        )
    _add_to_counts(school, ward, +1)
    return pledge, True


def move_message(pledge: Pledge, to_state: str, *, actor, reason: str = "") -> PledgeEvent:
    """Moves an already locked pledge's message, checking the table and writing the audit row; the caller
    saves the pledge."""
    if to_state not in MESSAGE_TRANSITIONS[pledge.message_state]:
        raise InvalidTransition(
            _("Không thể chuyển lời nhắn từ “%(from)s” sang “%(to)s”.")
            % {"from": MessageState(pledge.message_state).label, "to": MessageState(to_state).label}
        )
    event = PledgeEvent.objects.create(
        pledge=pledge, actor=actor, from_state=pledge.message_state, to_state=to_state, reason=reason
    )
    pledge.message_state = to_state
    pledge.moderated_by = actor
    pledge.moderated_at = timezone.now()
    if to_state == MessageState.APPROVED:
        pledge.approved_at = pledge.moderated_at
        pledge.rejection_reason = ""
    else:
        pledge.approved_at = None
        pledge.rejection_reason = reason
    return event


def _moderate(*, pledge: Pledge, actor, to_state: str, reason: str = "") -> Pledge:
    if not rules.can_moderate_pledges(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức mới duyệt được lời nhắn."))
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    move_message(locked, to_state, actor=actor, reason=reason)
    locked.save()
    return locked


@transaction.atomic
def approve_message(*, pledge: Pledge, actor) -> Pledge:
    """PENDING (or REJECTED, reconsidered) → APPROVED: the message is on the wall from now on, newest first."""
    return _moderate(pledge=pledge, actor=actor, to_state=MessageState.APPROVED)


@transaction.atomic
def reject_message(*, pledge: Pledge, actor, reason: str) -> Pledge:
    """PENDING or APPROVED → REJECTED with a reason the signer reads on their pledge page; the signature
    itself still counts."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do không duyệt để người ký biết vì sao."))
    return _moderate(pledge=pledge, actor=actor, to_state=MessageState.REJECTED, reason=reason)


@transaction.atomic
def erase_pledge(*, user) -> int:
    """Deletes `user`'s signature (its history goes with it) and takes it off the counts it was in."""
    pledge = (
        Pledge.objects.select_for_update(of=("self",)).filter(signer=user).select_related("school").first()
    )
    if pledge is None:
        return 0
    school, ward = pledge.school, pledge.ward
    pledge.delete()
    _add_to_counts(school, ward, -1)
    return 1
