"""Suspicious bursts of votes and what organisers do about them.

Detection (reads, no writes) finds, in one contest:
- ADDRESS / DEVICE: at least `burst_votes` votes from one address hash (or device hash) within
  `burst_minutes` (a sliding window; overlapping windows of one source make one burst);
- ACCOUNTS: three or more accounts created less than `created_apart_minutes` apart from each other (a
  chain) that voted for the same entry;
- FRESH: votes cast less than `fresh_account_minutes` after the voter's account was made, per entry.

`void_votes` and `restore_votes` move votes along VOTE_TRANSITIONS (locked, checked, with a reason) and
write one VotingEvent with the votes' ids; totals are counts of counted votes, so they follow at once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition, NotAllowed
from voting import rules
from voting.enums import VOTE_TRANSITIONS, BurstKind, VoteState, VotingAction
from voting.models import Vote, VotingEvent, VotingSettings

ACCOUNT_CHAIN_MIN = 3


@dataclass
class Burst:
    kind: str
    source: str  # a short, non-reversible label: the hash's first characters or the entry's code
    start: datetime
    end: datetime
    votes: list[Vote] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(BurstKind(self.kind).label)

    @property
    def ident(self) -> str:
        return f"{self.kind}-{self.source}-{self.start:%Y%m%d%H%M%S}"

    @property
    def vote_ids(self) -> list[int]:
        return [vote.pk for vote in self.votes]

    @property
    def counted(self) -> int:
        return sum(1 for vote in self.votes if vote.state == VoteState.COUNTED)

    @property
    def voided(self) -> int:
        return len(self.votes) - self.counted

    @property
    def accounts(self) -> int:
        return len({vote.voter_id for vote in self.votes})

    @property
    def domains(self) -> list[tuple[str, int]]:
        """E-mail domains of the voters and how many of each (never the address itself)."""
        counts: dict[str, int] = defaultdict(int)
        for vote in self.votes:
            counts[vote.voter.email.rpartition("@")[2].lower()] += 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def entries(self) -> list[str]:
        return sorted({vote.entry.code for vote in self.votes})


def _sliding(votes: list[Vote], *, size: int, minutes: int) -> list[list[Vote]]:
    """Groups of time-ordered votes where some `minutes`-long window holds at least `size` of them;
    overlapping windows merge into one group."""
    groups: list[list[Vote]] = []
    window = timedelta(minutes=minutes)
    start = 0
    current: list[Vote] | None = None
    seen: set[int] = set()
    for end, vote in enumerate(votes):
        while vote.created_at - votes[start].created_at > window:
            start += 1
        if end - start + 1 >= size:
            members = votes[start : end + 1]
            if current is None or members[0].pk not in seen:
                current, seen = [], set()
                groups.append(current)
            for member in members:
                if member.pk not in seen:
                    seen.add(member.pk)
                    current.append(member)
    return groups


def _by_source(settings: VotingSettings, field_name: str, kind: str) -> list[Burst]:
    votes = Vote.objects.filter(contest_id=settings.contest_id).exclude(**{field_name: ""})
    busy = (
        votes.values(field_name)
        .annotate(n=Count("pk"))
        .filter(n__gte=settings.burst_votes)
        .values(field_name)
    )
    rows = (
        votes.filter(**{f"{field_name}__in": busy})
        .select_related("voter", "entry")
        .order_by(field_name, "created_at", "pk")
    )
    grouped: dict[str, list[Vote]] = defaultdict(list)
    for vote in rows:
        grouped[getattr(vote, field_name)].append(vote)
    bursts = []
    for source, source_votes in grouped.items():
        for group in _sliding(source_votes, size=settings.burst_votes, minutes=settings.burst_minutes):
            bursts.append(Burst(kind, source[:10], group[0].created_at, group[-1].created_at, group))
    return bursts


def _account_chains(settings: VotingSettings) -> list[Burst]:
    gap = timedelta(minutes=settings.created_apart_minutes)
    rows = (
        Vote.objects.filter(contest_id=settings.contest_id)
        .select_related("voter", "entry")
        .order_by("entry_id", "voter__date_joined", "pk")
    )
    per_entry: dict[int, list[Vote]] = defaultdict(list)
    for vote in rows:
        per_entry[vote.entry_id].append(vote)
    bursts = []
    for entry_votes in per_entry.values():
        chain: list[Vote] = []
        for vote in [*entry_votes, None]:
            if vote is not None and chain and vote.voter.date_joined - chain[-1].voter.date_joined < gap:
                chain.append(vote)
                continue
            if len(chain) >= ACCOUNT_CHAIN_MIN:
                ordered = sorted(chain, key=lambda v: (v.created_at, v.pk))
                bursts.append(
                    Burst(
                        BurstKind.ACCOUNTS,
                        chain[0].entry.code,
                        ordered[0].created_at,
                        ordered[-1].created_at,
                        ordered,
                    )
                )
            chain = [vote] if vote is not None else []
    return bursts


def _fresh(settings: VotingSettings) -> list[Burst]:
    rows = (
        Vote.objects.filter(
            contest_id=settings.contest_id,
            created_at__lt=F("voter__date_joined") + timedelta(minutes=settings.fresh_account_minutes),
        )
        .select_related("voter", "entry")
        .order_by("entry_id", "created_at", "pk")
    )
    per_entry: dict[int, list[Vote]] = defaultdict(list)
    for vote in rows:
        per_entry[vote.entry_id].append(vote)
    return [
        Burst(BurstKind.FRESH, votes[0].entry.code, votes[0].created_at, votes[-1].created_at, votes)
        for votes in per_entry.values()
    ]


def detect_bursts(*, contest, kind: str | None = None) -> list[Burst]:
    """Every suspicious burst of `contest` (of one `kind` if given), latest first."""
    settings = VotingSettings.objects.filter(contest=contest).first()
    if settings is None:
        return []
    finders = {
        BurstKind.ADDRESS: lambda: _by_source(settings, "ip_hash", BurstKind.ADDRESS),
        BurstKind.DEVICE: lambda: _by_source(settings, "device_hash", BurstKind.DEVICE),
        BurstKind.ACCOUNTS: lambda: _account_chains(settings),
        BurstKind.FRESH: lambda: _fresh(settings),
    }
    bursts = []
    for name, find in finders.items():
        if kind in (None, "", name):
            bursts += find()
    return sorted(bursts, key=lambda b: (b.start, b.kind), reverse=True)


def _move(*, contest, vote_ids: list[int], to_state: str, actor, reason: str, action: str) -> int:
    if not rules.can_watch_votes(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức được huỷ hoặc khôi phục phiếu bình chọn."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do."))
    ids = sorted(set(vote_ids))
    if not ids:
        raise DomainError(_("Chưa chọn phiếu nào."))
    votes = list(Vote.objects.select_for_update().filter(contest=contest, pk__in=ids).order_by("pk"))
    if len(votes) != len(ids):
        raise DomainError(_("Có phiếu không thuộc cuộc thi này."))
    movable = [vote for vote in votes if to_state in VOTE_TRANSITIONS[vote.state]]
    if not movable:
        raise InvalidTransition(_("Không có phiếu nào ở trạng thái có thể chuyển."))
    now = timezone.now()
    for vote in movable:
        vote.state = to_state
        if to_state == VoteState.VOIDED:
            vote.voided_at, vote.voided_by, vote.void_reason = now, actor, reason
        else:
            vote.voided_at, vote.voided_by, vote.void_reason = None, None, ""
    Vote.objects.bulk_update(movable, ["state", "voided_at", "voided_by", "void_reason"])
    VotingEvent.objects.create(
        contest=contest,
        actor=actor,
        action=action,
        reason=reason,
        data={"votes": [vote.pk for vote in movable], "skipped": len(votes) - len(movable)},
    )
    return len(movable)


@transaction.atomic
def void_votes(*, contest, vote_ids: list[int], actor, reason: str) -> int:
    """Voids the counted votes among `vote_ids` (all of `contest`), with the organiser's reason; they stay
    on record, stop counting at once, and one VotingEvent lists them. Returns how many were voided."""
    return _move(
        contest=contest,
        vote_ids=vote_ids,
        to_state=VoteState.VOIDED,
        actor=actor,
        reason=reason,
        action=VotingAction.VOIDED,
    )


@transaction.atomic
def restore_votes(*, contest, vote_ids: list[int], actor, reason: str) -> int:
    """Undoes a void: the voided votes among `vote_ids` count again (audited, with a reason)."""
    return _move(
        contest=contest,
        vote_ids=vote_ids,
        to_state=VoteState.COUNTED,
        actor=actor,
        reason=reason,
        action=VotingAction.RESTORED,
    )
