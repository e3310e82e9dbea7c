"""Published results with awards and judged entries, to issue certificates from."""

from django.utils import timezone

from certificates.models import CertificateTemplate
from contest.enums import PrizeTier
from results.enums import ResultState
from results.models import Award, ContestResult
from submissions.enums import EntryState, MembershipState
from submissions.models import TeamMember
from tests.factories import ContestFactory, EntrantFactory, EntryFactory

RARE_NAME = "Nguyễn Thị Ngọc Huyền Trân Khuê Tôn Nữ Hoàng Ỷ Lan Mỹ Dạ Ẵm Ậu Ữ Phượng Quỳnh Ân"


def judged_entry(*, contest, state=EntryState.NOT_AWARDED, entrant=None, members=(), invited=()):
    """An entry that went through judging (the state set as the results services leave it), with
    accepted team members and, optionally, members who never accepted."""
    entry = EntryFactory(
        contest=contest,
        lead_entrant=entrant or EntrantFactory(),
        state=state,
        submitted_at=timezone.now(),
        consent_complete=True,
    )
    for member in members:
        TeamMember.objects.create(
            entry=entry, user=member, state=MembershipState.ACCEPTED, responded_at=timezone.now()
        )
    for member in invited:
        TeamMember.objects.create(entry=entry, user=member, state=MembershipState.INVITED)
    return entry


def published_result(*, contest=None, state=ResultState.PUBLISHED) -> ContestResult:
    now = timezone.now()
    return ContestResult.objects.create(
        contest=contest or ContestFactory(),
        state=state,
        cosigned_at=None if state == ResultState.DRAFT else now,
        published_at=now if state == ResultState.PUBLISHED else None,
    )


def award(*, result, entry, tier=PrizeTier.FIRST, position=1) -> Award:
    return Award.objects.create(
        result=result, entry=entry, division=entry.division, tier=tier, rank=position, position=position
    )


def template(*, contest=None, **kwargs) -> CertificateTemplate:
    return CertificateTemplate.objects.create(name=kwargs.pop("name", "Mẫu thử"), contest=contest, **kwargs)
