"""Team invitations: the lead invites, the invited pupil alone answers from their own account.

`transition_membership` is the one place a membership changes state (MEMBERSHIP_TRANSITIONS). An invited
pupil counts towards the contest's entry limit and the entry's consent only once accepted.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition, NotAllowed
from contest.mail import queue_mail
from contest.models import User
from contest.selectors import is_contest_open
from submissions import rules
from submissions.enums import EDITABLE_ENTRY_STATES, MEMBERSHIP_TRANSITIONS, MembershipState
from submissions.models import TeamMember
from submissions.selectors.entries import entries_counted_for
from submissions.services.consent import refresh_entry_consent

logger = logging.getLogger(__name__)


def short_name(full_name: str) -> str:
    """A Vietnamese name as others may see it in an invitation: given name and the family initial
    ("Nguyễn Thị Mai" → "Mai N.")."""
    words = full_name.split()
    if not words:
        return _("Một bạn")
    if len(words) == 1:
        return words[0]
    return f"{words[-1]} {words[0][0]}."


def _ensure_can_join(*, member: TeamMember, user: User) -> None:
    entry = member.entry
    contest = entry.contest
    if entry.state not in EDITABLE_ENTRY_STATES or not is_contest_open(contest=contest):
        raise DomainError(_("Bài dự thi này không còn nhận thêm thành viên."))
    if entry.lead_entrant_id == user.pk:
        raise DomainError(_("Em là trưởng nhóm của bài này rồi."))
    # One pupil's answers queue here, so two acceptances cannot both slip under the limit.
    User.objects.select_for_update(no_key=True).filter(pk=user.pk).first()
    if entries_counted_for(contest=contest, entrant=user).count() >= contest.entries_per_entrant:
        raise DomainError(
            _(
                "Mỗi thí sinh chỉ được nộp %(n)d bài cho cuộc thi này, và em đã có đủ. "
                "Muốn vào nhóm này, em cần rút bài đã có trước."
            )
            % {"n": contest.entries_per_entrant}
        )


@transaction.atomic
def transition_membership(*, member: TeamMember, actor: User, to_state: str) -> TeamMember:
    """The invited pupil accepts, declines, or later leaves a team.

    Locks the membership, checks the table, links the pupil's account (an invitation sent before they
    registered), re-checks the contest's entry limit on acceptance, and recomputes the entry's consent.
    Sends nothing.
    """
    locked = (
        TeamMember.objects.select_related("entry", "entry__contest")
        .select_for_update(of=("self",))
        .get(pk=member.pk)
    )
    if not rules.can_answer_invitation(actor, locked):
        raise NotAllowed(_("Lời mời này không dành cho em."))
    if to_state not in MEMBERSHIP_TRANSITIONS[locked.state]:
        raise InvalidTransition(
            _("Không thể chuyển từ “%(src)s” sang “%(dst)s”.")
            % {"src": MembershipState(locked.state).label, "dst": MembershipState(to_state).label}
        )
    if locked.user_id is None and locked.entry.team_members.filter(user=actor).exists():
        raise DomainError(_("Em đã có tên trong nhóm này rồi."))
    if to_state == MembershipState.ACCEPTED:
        _ensure_can_join(member=locked, user=actor)
    locked.user = actor
    locked.state = to_state
    locked.responded_at = timezone.now()
    locked.full_clean(exclude=["entry"])
    locked.save(update_fields=["user", "state", "responded_at"])
    refresh_entry_consent(entry=locked.entry)
    member.refresh_from_db()
    return member


def send_team_invitations(*, entry_id: int, member_ids: list[int]) -> None:
    """One message per invited pupil, to their address alone; the lead appears by first name and initial."""
    members = TeamMember.objects.select_related("entry", "entry__contest", "entry__lead_entrant").filter(
        pk__in=member_ids, entry_id=entry_id, state=MembershipState.INVITED
    )
    for member in members:
        if not member.email:
            continue
        entry = member.entry
        lead = entry.lead_entrant
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "lead": short_name(lead.full_name if lead else ""),
                "contest": entry.contest.title,
                "code": entry.code,
                "site_url": settings.SITE_URL,
                "invitations_path": reverse("submissions:invitations"),
                "register_path": reverse("accounts:register"),
            }
            body = render_to_string("submissions/email/team_invitation.txt", context)
            subject = _("Em được mời vào nhóm dự thi %(code)s") % {"code": entry.code}
        queue_mail(to=member.email, subject=subject, body=body)


__all__ = ["send_team_invitations", "short_name", "transition_membership"]
