"""Reads of prizes: which round decides a division, the allocation the ranking proposes (with the ties that
straddle a prize boundary), the awards that stand, and the results a school or a pupil may see."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from contest.enums import PRIZE_TIER_ORDER, PrizeTier
from contest.models import Contest, Division, Prize
from judging.enums import RoundState
from judging.models import Round, RoundEntry
from results.enums import ResultState
from results.models import Award, ContestResult, TieDecision
from submissions.enums import EntryState

# Entries that can no longer hold a prize: out of the contest.
OUT_OF_CONTEST = frozenset({EntryState.WITHDRAWN, EntryState.DISQUALIFIED})
TIER_RANK = {tier: index for index, tier in enumerate(PRIZE_TIER_ORDER)}


@dataclass
class ProposedRow:
    entry_id: int
    code: str
    state: str
    rank: int
    score: object
    tier: str | None = None
    tied: bool = False  # shares its rank across a prize boundary
    undecided: bool = False  # ... and the organiser has not decided it yet

    @property
    def tier_label(self) -> str:
        return PrizeTier(self.tier).label if self.tier else ""


@dataclass
class BoundaryTie:
    division_id: int
    rank: int
    codes: list[str]
    tiers: list[str | None]  # the places the tied entries take, best first
    decision: TieDecision | None = None

    @property
    def tier_labels(self) -> list[str]:
        return [PrizeTier(t).label if t else "—" for t in self.tiers]


@dataclass
class DivisionProposal:
    division: Division
    round: Round | None
    slots: list[str]
    rows: list[ProposedRow] = field(default_factory=list)
    ties: list[BoundaryTie] = field(default_factory=list)

    @property
    def undecided_ties(self) -> list[BoundaryTie]:
        return [t for t in self.ties if t.decision is None]

    @property
    def given(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            if row.tier:
                counts[row.tier] = counts.get(row.tier, 0) + 1
        return counts

    @property
    def shortfall(self) -> list[tuple[str, int, int]]:
        """(tier label, planned, given) for every tier given fewer times than the prize table says, not
        counting the places still waiting for a tie decision."""
        planned: dict[str, int] = {}
        for tier in self.slots:
            planned[tier] = planned.get(tier, 0) + 1
        given = self.given
        for tie in self.undecided_ties:
            for tier in tie.tiers:
                if tier:
                    given[tier] = given.get(tier, 0) + 1
        return [
            (PrizeTier(tier).label, count, given.get(tier, 0))
            for tier, count in planned.items()
            if given.get(tier, 0) < count
        ]


def prize_slots(*, contest: Contest, division: Division) -> list[str]:
    """The prize table of a division as places, best first: [first, second, second, third, ...]."""
    counts = dict(Prize.objects.filter(contest=contest, division=division).values_list("tier", "count"))
    return [tier for tier in PRIZE_TIER_ORDER for _ in range(counts.get(tier, 0))]


def _judges(round_: Round, contest: Contest, division: Division) -> bool:
    if round_.judged_contest is None or round_.judged_contest.pk != contest.pk:
        return False
    judged = round_.judged_division
    return judged is None or judged.pk == division.pk


def final_rounds(*, contest: Contest) -> dict[int, Round]:
    """Per division id, the last finalised round that ranked entries of that division in `contest`."""
    rounds = list(
        Round.objects.filter(state=RoundState.FINALISED)
        .filter(Q(contest=contest) | Q(contest__isnull=True, panel__contest=contest))
        .select_related("panel__contest", "panel__division", "contest", "division", "panel__head_judge")
        .order_by("-pk")
    )
    ranked = set(
        RoundEntry.objects.filter(round__in=rounds, rank__isnull=False)
        .values_list("round_id", "entry__division_id")
        .distinct()
    )
    chosen: dict[int, Round] = {}
    for division in contest.divisions.all():
        for round_ in rounds:
            if (round_.pk, division.pk) in ranked and _judges(round_, contest, division):
                chosen[division.pk] = round_
                break
    return chosen


def _ranked_rows(*, round_: Round, division: Division) -> list[ProposedRow]:
    rows = (
        RoundEntry.objects.filter(round=round_, entry__division=division, rank__isnull=False)
        .exclude(entry__state__in=OUT_OF_CONTEST)
        .order_by("rank", "entry__code")
        .values_list("entry_id", "entry__code", "entry__state", "rank", "final_score")
    )
    return [ProposedRow(entry_id=e, code=c, state=s, rank=r, score=f) for e, c, s, r, f in rows]


def _walk(proposal: DivisionProposal, decisions: dict[int, TieDecision]) -> None:
    """Gives the division's places to its ranked entries in order. A group of entries sharing a rank gets
    its places together when they are all the same prize; across a boundary it takes what the organiser
    decided (an order, or the better prize shared), and until then no prize at all."""
    slots, place = proposal.slots, 0
    groups: list[list[ProposedRow]] = []
    for row in proposal.rows:
        if groups and groups[-1][0].rank == row.rank:
            groups[-1].append(row)
        else:
            groups.append([row])
    for group in groups:
        tiers = [slots[i] if i < len(slots) else None for i in range(place, place + len(group))]
        place += len(group)
        if len(set(tiers)) == 1:
            for row in group:
                row.tier = tiers[0]
            continue
        codes = [row.code for row in group]
        decision = decisions.get(group[0].rank)
        if decision is not None and sorted(decision.order) != sorted(codes):
            decision = None  # the tie changed (an entry left): decide again
        proposal.ties.append(
            BoundaryTie(
                division_id=proposal.division.pk,
                rank=group[0].rank,
                codes=codes,
                tiers=tiers,
                decision=decision,
            )
        )
        by_code = {row.code: row for row in group}
        for row in group:
            row.tied = True
            row.undecided = decision is None
        if decision is None:
            continue
        for index, code in enumerate(decision.order):
            by_code[code].tier = tiers[0] if decision.share else tiers[index]
        if decision.share:
            continue
        # The rows show in the decided order.
        start = proposal.rows.index(group[0])
        proposal.rows[start : start + len(group)] = [by_code[code] for code in decision.order]


def propose_allocation(*, contest: Contest, result: ContestResult | None = None) -> list[DivisionProposal]:
    """Per division of `contest`: its deciding round, the prize table's places and every ranked entry with
    the prize the ranking gives it, the boundary ties (decided or not) and any prize left ungiven."""
    rounds = final_rounds(contest=contest)
    decisions: dict[tuple[int, int], TieDecision] = {}
    if result is not None and result.pk:
        decisions = {(d.division_id, d.rank): d for d in TieDecision.objects.filter(result=result)}
    proposals = []
    for division in contest.divisions.order_by("min_age", "name"):
        round_ = rounds.get(division.pk)
        proposal = DivisionProposal(
            division=division, round=round_, slots=prize_slots(contest=contest, division=division)
        )
        if round_ is not None:
            proposal.rows = _ranked_rows(round_=round_, division=division)
            _walk(proposal, {rank: d for (div, rank), d in decisions.items() if div == division.pk})
        proposals.append(proposal)
    return proposals


def result_for(*, contest: Contest) -> ContestResult | None:
    return ContestResult.objects.filter(contest=contest).first()


def current_awards(*, result: ContestResult) -> QuerySet[Award]:
    """The awards that stand: not those of entries withdrawn or disqualified since (their prize is vacant
    until the organiser decides), ordered per division by prize and rank."""
    return (
        Award.objects.filter(result=result)
        .exclude(entry__state__in=OUT_OF_CONTEST)
        .select_related("entry", "division")
        .order_by("division__min_age", "division__name", "position", "pk")
    )


def vacated_awards(*, result: ContestResult) -> QuerySet[Award]:
    """Awards whose entry left the contest after the allocation, still waiting for the organiser."""
    return (
        Award.objects.filter(result=result, entry__state__in=OUT_OF_CONTEST, note="")
        .select_related("entry", "division")
        .order_by("division__name", "position")
    )


def next_in_line(*, award: Award) -> list[RoundEntry]:
    """Candidates for a vacated prize: the division's ranked entries of the deciding round that hold no
    prize and are still in the contest, best first."""
    if award.round_id is None:
        return []
    return list(
        RoundEntry.objects.filter(round_id=award.round_id, entry__division_id=award.division_id)
        .filter(rank__isnull=False, entry__award__isnull=True)
        .exclude(entry__state__in=OUT_OF_CONTEST)
        .select_related("entry")
        .order_by("rank", "entry__code")[:10]
    )


def head_judges_of(*, contest: Contest) -> set[int]:
    """The head judges of the panels whose rounds decide the contest's divisions."""
    return {r.panel.head_judge_id for r in final_rounds(contest=contest).values() if r.panel.head_judge_id}


def contests_with_results(*, user, organiser: bool) -> list[dict]:
    """The contests whose results the user works on: for an organiser every contest with a finalised round,
    for a head judge those their panels decided. Each with its result (or None)."""
    rounds = Round.objects.filter(state=RoundState.FINALISED)
    if not organiser:
        rounds = rounds.filter(panel__head_judge=user)
    contest_ids = set(rounds.exclude(contest__isnull=True).values_list("contest_id", flat=True))
    contest_ids |= set(
        rounds.filter(contest__isnull=True, panel__contest__isnull=False).values_list(
            "panel__contest_id", flat=True
        )
    )
    contests = Contest.objects.filter(pk__in=contest_ids).select_related("result").order_by("title")
    return [{"contest": c, "result": getattr(c, "result", None)} for c in contests]


def entry_award(*, entry) -> Award | None:
    """The prize an entrant may see on their entry: only once the result is published."""
    return (
        Award.objects.filter(entry=entry, result__state=ResultState.PUBLISHED)
        .exclude(entry__state__in=OUT_OF_CONTEST)
        .first()
    )
