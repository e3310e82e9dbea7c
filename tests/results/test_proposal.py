from contest.enums import PrizeTier
from judging.models import RoundEntry
from results.selectors.prizes import propose_allocation
from tests.factories.results import judged_contest


def _tiers(proposal):
    return {row.code: row.tier for row in proposal.rows}


def test_proposal_follows_the_ranking_and_the_prize_table(db):
    case = judged_contest(scores=["9", "8", "7", "6", "5", "4", "3"])
    [proposal] = propose_allocation(contest=case.contest)
    assert proposal.round == case.round
    codes = [e.code for e in case.entries]
    assert [row.code for row in proposal.rows] == codes
    assert [row.tier for row in proposal.rows] == [
        PrizeTier.FIRST,
        PrizeTier.SECOND,
        PrizeTier.THIRD,
        PrizeTier.COMMENDATION,
        PrizeTier.COMMENDATION,
        None,
        None,
    ]
    assert proposal.ties == []
    assert proposal.shortfall == []
    ranks = dict(RoundEntry.objects.filter(round=case.round).values_list("entry__code", "rank"))
    assert [row.rank for row in proposal.rows] == [ranks[c] for c in codes]


def test_places_waiting_for_a_tie_decision_are_not_a_shortfall(db):
    case = judged_contest(
        scores=["9", "8", "8"],
        prizes={PrizeTier.FIRST: 1, PrizeTier.SECOND: 1, PrizeTier.THIRD: 1},
        judges=1,
    )
    [proposal] = propose_allocation(contest=case.contest)
    assert len(proposal.undecided_ties) == 1
    assert proposal.shortfall == []
