import pytest

from contest.enums import PrizeTier
from contest.errors import DomainError, InvalidTransition, NotAllowed
from results.enums import RESULT_TRANSITIONS, ResultAction, ResultState
from results.models import Award, ContestResult, ResultEvent
from results.selectors.prizes import current_awards, next_in_line, propose_allocation, vacated_awards
from results.services.prizes import (
    adjust_award,
    allocate_prizes,
    cosign_result,
    decide_tie,
    reallocate_award,
    reopen_result,
    transition_result,
)
from submissions.enums import EntryState
from submissions.services.entries import withdraw_entry
from tests.factories import HeadJudgeFactory, JudgeFactory, OrganiserFactory
from tests.factories.results import judged_contest

ONE_EACH = {PrizeTier.FIRST: 1, PrizeTier.SECOND: 1, PrizeTier.THIRD: 1}


def _awards(result):
    return {a.entry.code: a.tier for a in Award.objects.filter(result=result).select_related("entry")}


def _states(case):
    for entry in case.entries:
        entry.refresh_from_db()
    return [entry.state for entry in case.entries]


def test_allocation_saves_the_proposal_with_positions_and_an_audit_row(db):
    case = judged_contest(scores=["9", "8", "7", "6", "5", "4"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    codes = [e.code for e in case.entries]
    assert _awards(result) == {
        codes[0]: PrizeTier.FIRST,
        codes[1]: PrizeTier.SECOND,
        codes[2]: PrizeTier.THIRD,
        codes[3]: PrizeTier.COMMENDATION,
        codes[4]: PrizeTier.COMMENDATION,
    }
    awards = list(current_awards(result=result))
    assert [a.position for a in awards] == [1, 2, 3, 4, 5]
    assert [a.rank for a in awards] == [1, 2, 3, 4, 5]
    assert all(a.round_id == case.round.pk for a in awards)
    assert result.state == ResultState.DRAFT
    assert result.allocated_by == case.organiser
    event = ResultEvent.objects.get(result=result, action=ResultAction.ALLOCATED)
    assert event.actor == case.organiser
    assert event.data[case.division.name]["shortfall"] == []


def test_tie_at_a_prize_boundary_is_shown_and_blocks_allocation_until_decided(db):
    case = judged_contest(scores=["9", "8", "8", "7"], prizes=ONE_EACH)
    first, tied_a, tied_b, last = (e.code for e in case.entries)
    [proposal] = propose_allocation(contest=case.contest)
    [tie] = proposal.ties
    assert sorted(tie.codes) == sorted([tied_a, tied_b])
    assert tie.tiers == [PrizeTier.SECOND, PrizeTier.THIRD]
    assert tie.decision is None
    rows = {row.code: row for row in proposal.rows}
    assert rows[tied_a].undecided
    assert rows[tied_a].tier is None
    assert rows[first].tier == PrizeTier.FIRST
    # The places after the tie are counted as taken: the next entry gets nothing, not the third prize.
    assert rows[last].tier is None

    with pytest.raises(DomainError, match="chưa được quyết định"):
        allocate_prizes(contest=case.contest, actor=case.organiser)

    with pytest.raises(DomainError, match="lý do"):
        decide_tie(
            contest=case.contest,
            division=case.division,
            rank=2,
            order=[tied_b, tied_a],
            share=False,
            actor=case.organiser,
            reason=" ",
        )
    with pytest.raises(DomainError, match="đủ và đúng"):
        decide_tie(
            contest=case.contest,
            division=case.division,
            rank=2,
            order=[tied_b, last],
            share=False,
            actor=case.organiser,
            reason="Họp ban tổ chức",
        )
    decide_tie(
        contest=case.contest,
        division=case.division,
        rank=2,
        order=[tied_b, tied_a],
        share=False,
        actor=case.organiser,
        reason="Biên bản họp ban giám khảo ngày 20/11",
    )
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    assert _awards(result) == {first: PrizeTier.FIRST, tied_b: PrizeTier.SECOND, tied_a: PrizeTier.THIRD}
    decided = ResultEvent.objects.get(result=result, action=ResultAction.TIE_DECIDED)
    assert decided.data["order"] == [tied_b, tied_a]
    assert decided.reason == "Biên bản họp ban giám khảo ngày 20/11"


def test_a_tie_may_share_the_better_prize_which_takes_the_places_below(db):
    case = judged_contest(scores=["9", "8", "8", "7"], prizes=ONE_EACH)
    first, tied_a, tied_b, _last = (e.code for e in case.entries)
    decide_tie(
        contest=case.contest,
        division=case.division,
        rank=2,
        order=[],
        share=True,
        actor=case.organiser,
        reason="Hai bài ngang nhau: đồng giải Nhì",
    )
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    assert _awards(result) == {first: PrizeTier.FIRST, tied_a: PrizeTier.SECOND, tied_b: PrizeTier.SECOND}


def test_tie_across_the_last_prize(db):
    case = judged_contest(scores=["9", "8", "7", "7", "6"], prizes=ONE_EACH)
    codes = [e.code for e in case.entries]
    [proposal] = propose_allocation(contest=case.contest)
    [tie] = proposal.ties
    assert tie.rank == 3
    assert tie.tiers == [PrizeTier.THIRD, None]
    decide_tie(
        contest=case.contest,
        division=case.division,
        rank=3,
        order=[codes[3], codes[2]],
        share=False,
        actor=case.organiser,
        reason="Tiêu chí thông điệp được ban giám khảo đánh giá lại",
    )
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    assert _awards(result) == {
        codes[0]: PrizeTier.FIRST,
        codes[1]: PrizeTier.SECOND,
        codes[3]: PrizeTier.THIRD,
    }


def test_a_tie_inside_one_prize_needs_no_decision(db):
    case = judged_contest(scores=["9", "6", "6", "5"], prizes={PrizeTier.FIRST: 1, PrizeTier.COMMENDATION: 3})
    [proposal] = propose_allocation(contest=case.contest)
    assert proposal.ties == []
    assert [row.tier for row in proposal.rows] == [PrizeTier.FIRST] + [PrizeTier.COMMENDATION] * 3


def test_fewer_entries_than_prizes_gives_fewer_prizes_and_says_so(db):
    case = judged_contest(scores=["8", "6"])
    [proposal] = propose_allocation(contest=case.contest)
    shortfall = {str(label): (planned, given) for label, planned, given in proposal.shortfall}
    assert shortfall == {"Giải Ba": (1, 0), "Giải Khuyến khích": (2, 0)}
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    assert sorted(_awards(result).values()) == sorted([PrizeTier.FIRST, PrizeTier.SECOND])
    event = ResultEvent.objects.get(result=result, action=ResultAction.ALLOCATED)
    assert [row[0] for row in event.data[case.division.name]["shortfall"]] == ["Giải Ba", "Giải Khuyến khích"]


def test_no_finalised_round_means_nothing_to_allocate(db):
    case = judged_contest(scores=["8", "6"], finalise=False)
    with pytest.raises(DomainError, match="chốt xếp hạng"):
        allocate_prizes(contest=case.contest, actor=case.organiser)


def test_adjusting_needs_a_reason_and_is_audited(db):
    case = judged_contest(scores=["9", "8", "7", "6"], prizes=ONE_EACH)
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    fourth = case.entries[3]
    with pytest.raises(DomainError, match="lý do"):
        adjust_award(
            result=result, entry=fourth, tier=PrizeTier.COMMENDATION, actor=case.organiser, reason=""
        )
    award = adjust_award(
        result=result,
        entry=fourth,
        tier=PrizeTier.COMMENDATION,
        actor=case.organiser,
        reason="Ban tổ chức thêm một giải Khuyến khích",
    )
    assert award.tier == PrizeTier.COMMENDATION
    assert award.position == 4
    adjust_award(
        result=result, entry=case.entries[2], tier=None, actor=case.organiser, reason="Bài vi phạm thể lệ"
    )
    assert case.entries[2].code not in _awards(result)
    events = list(ResultEvent.objects.filter(result=result, action=ResultAction.ADJUSTED))
    assert [(e.data["from"], e.data["to"]) for e in events] == [
        (None, PrizeTier.COMMENDATION),
        (PrizeTier.THIRD, None),
    ]
    assert events[0].reason == "Ban tổ chức thêm một giải Khuyến khích"


def test_adjusting_an_entry_from_another_contest_is_refused(db):
    case = judged_contest(scores=["9", "8"])
    other = judged_contest(scores=["7"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    with pytest.raises(DomainError):
        adjust_award(
            result=result, entry=other.entries[0], tier=PrizeTier.THIRD, actor=case.organiser, reason="Thử"
        )


@pytest.mark.parametrize("who", ["organiser", "judge", "other_head_judge", "panel_judge"])
def test_only_the_deciding_head_judge_cosigns(db, who):
    case = judged_contest(scores=["9", "8"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    actor = {
        "organiser": OrganiserFactory(),
        "judge": JudgeFactory(),
        "other_head_judge": HeadJudgeFactory(),
        "panel_judge": case.judges[0],
    }[who]
    with pytest.raises(NotAllowed):
        cosign_result(result=result, actor=actor)
    assert ContestResult.objects.get(pk=result.pk).state == ResultState.DRAFT


def test_cosign_moves_every_ranked_entry_and_freezes_the_result(db):
    case = judged_contest(scores=["9", "8", "7", "6", "5", "4"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    result = cosign_result(result=result, actor=case.head_judge)
    assert result.state == ResultState.COSIGNED
    assert result.cosigned_by == case.head_judge
    assert result.cosigned_at is not None
    assert _states(case) == [EntryState.AWARDED] * 3 + [EntryState.COMMENDED] * 2 + [EntryState.NOT_AWARDED]
    codes = [e.code for e in case.entries]
    with pytest.raises(InvalidTransition):
        adjust_award(
            result=result, entry=case.entries[5], tier=PrizeTier.THIRD, actor=case.organiser, reason="x"
        )
    with pytest.raises(InvalidTransition):
        allocate_prizes(contest=case.contest, actor=case.organiser)
    with pytest.raises(InvalidTransition):
        cosign_result(result=result, actor=case.head_judge)
    with pytest.raises(DomainError):
        decide_tie(
            contest=case.contest,
            division=case.division,
            rank=1,
            order=codes[:2],
            share=False,
            actor=case.organiser,
            reason="x",
        )
    transition = ResultEvent.objects.get(result=result, action=ResultAction.TRANSITION)
    assert (transition.from_state, transition.to_state) == (ResultState.DRAFT, ResultState.COSIGNED)
    assert transition.data["entries_before"][codes[0]] == EntryState.IN_JUDGING


def test_the_allocator_cannot_cosign_their_own_allocation(db):
    head_judge = HeadJudgeFactory()
    case = judged_contest(scores=["9", "8"])
    case.round.panel.head_judge = head_judge
    case.round.panel.save()
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    ContestResult.objects.filter(pk=result.pk).update(allocated_by=head_judge)
    result.refresh_from_db()
    with pytest.raises(NotAllowed):
        cosign_result(result=result, actor=head_judge)


def test_reopen_needs_a_reason_and_puts_entries_back(db):
    case = judged_contest(scores=["9", "8", "7"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    with pytest.raises(DomainError):
        reopen_result(result=result, actor=case.organiser, reason="")
    with pytest.raises(NotAllowed):
        reopen_result(result=result, actor=case.head_judge, reason="Sai sót")
    result = reopen_result(result=result, actor=case.organiser, reason="Phát hiện sai sót khi nhập giải")
    assert result.state == ResultState.DRAFT
    assert result.cosigned_at is None
    assert _states(case) == [EntryState.IN_JUDGING] * 3
    adjust_award(result=result, entry=case.entries[2], tier=None, actor=case.organiser, reason="Sửa sai sót")
    cosign_result(result=result, actor=case.head_judge)
    assert _states(case) == [EntryState.AWARDED, EntryState.AWARDED, EntryState.NOT_AWARDED]


def test_a_published_result_cannot_be_reopened(db):
    case = judged_contest(scores=["9"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    transition_result(result=result, to_state=ResultState.PUBLISHED, actor=case.organiser)
    assert result.published_at is not None
    with pytest.raises(InvalidTransition):
        reopen_result(result=result, actor=case.organiser, reason="Muộn rồi")


@pytest.mark.parametrize(
    ("src", "dst"), [(s, d) for s in ResultState.values for d in ResultState.values if s != d]
)
def test_result_transition_table(db, src, dst):
    case = judged_contest(scores=["9"], judges=1)
    result = ContestResult.objects.create(contest=case.contest, state=src, cosigned_at="2026-11-20T10:00Z")
    if dst in RESULT_TRANSITIONS[src]:
        transition_result(result=result, to_state=dst, actor=case.organiser, reason="Kiểm tra")
        assert result.state == dst
    else:
        with pytest.raises(InvalidTransition):
            transition_result(result=result, to_state=dst, actor=case.organiser)
        result.refresh_from_db()
        assert result.state == src


def test_withdrawal_after_awarding_waits_for_the_organisers_decision(db):
    case = judged_contest(scores=["9", "8", "7", "6", "5", "4", "3"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    winner = case.entries[1]
    withdraw_entry(entry=winner, actor=winner.lead_entrant, reason="Em xin rút bài")
    # Nothing moves by itself: the sixth entry still has no prize, the vacated one is listed.
    assert _states(case)[5] == EntryState.NOT_AWARDED
    [vacated] = vacated_awards(result=result)
    assert vacated.entry == winner
    assert winner.code not in {a.entry.code for a in current_awards(result=result)}
    candidates = next_in_line(award=vacated)
    assert [c.entry for c in candidates][:2] == [case.entries[5], case.entries[6]]

    with pytest.raises(NotAllowed):
        reallocate_award(award=vacated, to_entry=case.entries[5], actor=case.head_judge, reason="x")
    with pytest.raises(DomainError):
        reallocate_award(award=vacated, to_entry=case.entries[2], actor=case.organiser, reason="Đã có giải")
    new = reallocate_award(
        award=vacated, to_entry=case.entries[5], actor=case.organiser, reason="Quyết định của Ban tổ chức"
    )
    assert new.tier == PrizeTier.SECOND
    assert _states(case)[5] == EntryState.AWARDED
    assert list(vacated_awards(result=result)) == []
    event = ResultEvent.objects.get(result=result, action=ResultAction.REALLOCATED)
    assert event.data == {"from": winner.code, "to": case.entries[5].code, "tier": PrizeTier.SECOND}
    with pytest.raises(InvalidTransition):
        reallocate_award(award=vacated, to_entry=case.entries[6], actor=case.organiser, reason="Lần nữa")


def test_a_vacated_prize_may_stay_empty(db):
    case = judged_contest(scores=["9", "8"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    award = Award.objects.get(entry=case.entries[0])
    with pytest.raises(InvalidTransition):
        reallocate_award(award=award, to_entry=None, actor=case.organiser, reason="Bài vẫn còn")
    withdraw_entry(entry=case.entries[0], actor=case.entries[0].lead_entrant)
    assert (
        reallocate_award(award=award, to_entry=None, actor=case.organiser, reason="Để trống giải Nhất")
        is None
    )
    assert _states(case)[1] == EntryState.AWARDED
    assert list(vacated_awards(result=result)) == []


def test_entrants_cannot_withdraw_once_the_results_are_published(client, db):
    case = judged_contest(scores=["9", "8"], judges=1)
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    transition_result(result=result, to_state=ResultState.PUBLISHED, actor=case.organiser)
    winner = case.entries[0]
    with pytest.raises(InvalidTransition, match="đã công bố"):
        withdraw_entry(entry=winner, actor=winner.lead_entrant)
    client.force_login(winner.lead_entrant)
    from django.urls import reverse

    page = client.get(reverse("submissions:edit", args=[winner.pk])).content.decode()
    assert reverse("submissions:withdraw", args=[winner.pk]) not in page
