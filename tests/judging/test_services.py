from decimal import Decimal

import pytest

from contest.errors import DomainError, InvalidTransition, NotAllowed
from judging.enums import AssignmentEnd, RoundEventKind, RoundState, SheetState
from judging.models import Assignment, ConflictOfInterest, RoundEvent, SheetChange
from judging.selectors import sheet_version
from judging.services.aggregation import compute_ranking
from judging.services.assignment import (
    add_judge_to_entry,
    assign_round,
    declare_conflict,
    preview_assignment,
    reassign_entry,
)
from judging.services.rounds import advance_entries, record_tie_break, transition_round
from judging.services.sheets import InvalidScores, StaleSheet, amend_closed_sheet, save_sheet
from submissions.enums import EntryState
from tests.factories import JudgeFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory, RubricFactory

pytestmark = pytest.mark.django_db


def _scores(round_, *values):
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}


def test_open_round_assigns_r_judges_and_moves_entries_to_judging(open_round):
    for entry in open_round.test_entries:
        entry.refresh_from_db()
        assert entry.state == EntryState.IN_JUDGING
        assert Assignment.objects.filter(round=open_round, entry=entry, active=True).count() == 2
    loads = [Assignment.objects.filter(round=open_round, judge=j).count() for j in open_round.test_judges]
    assert max(loads) - min(loads) <= 1
    assert RoundEvent.objects.filter(
        round=open_round, kind=RoundEventKind.TRANSITION, to_state="open"
    ).exists()


def test_assignment_never_gives_judge_own_school():
    judges = [JudgeFactory() for _ in range(4)]
    panel = PanelFactory(judges=judges)
    entry = JudgeableEntryFactory(contest=panel.contest, lead_entrant__school=judges[0].school)
    round_ = RoundFactory(panel=panel, judges_per_entry=3)
    assign_round(round_=round_)
    assigned = set(Assignment.objects.filter(entry=entry).values_list("judge_id", flat=True))
    assert judges[0].pk not in assigned
    assert len(assigned) == 3


def test_assignment_rerun_keeps_work_and_drops_withdrawn_consent(open_round, organiser):
    first = set(Assignment.objects.filter(round=open_round, active=True).values_list("pk", flat=True))
    report = assign_round(round_=open_round, actor=organiser)
    assert report.created == 0
    assert set(Assignment.objects.filter(round=open_round, active=True).values_list("pk", flat=True)) == first
    gone = open_round.test_entries[0]
    type(gone).objects.filter(pk=gone.pk).update(consent_complete=False)
    report = assign_round(round_=open_round, actor=organiser)
    assert report.ended == 2
    assert not Assignment.objects.filter(entry=gone, active=True).exists()
    assert set(Assignment.objects.filter(entry=gone).values_list("ended_reason", flat=True)) == {
        AssignmentEnd.LEFT_POOL
    }


def test_assignment_reports_entry_without_enough_judges(organiser):
    judges = [JudgeFactory() for _ in range(2)]
    panel = PanelFactory(judges=judges)
    entry = JudgeableEntryFactory(contest=panel.contest)
    round_ = RoundFactory(panel=panel, judges_per_entry=3)
    report = assign_round(round_=round_, actor=organiser)
    assert report.unfilled == {entry.code: 1}


def test_declared_conflict_reassigns_entry(open_round):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    extra_judge = JudgeFactory()
    open_round.panel.judges.add(extra_judge)
    declare_conflict(assignment=assignment, actor=assignment.judge, reason="Học trò cũ")
    assignment.refresh_from_db()
    assert not assignment.active
    assert assignment.ended_reason == AssignmentEnd.CONFLICT
    assert ConflictOfInterest.objects.filter(judge=assignment.judge, entry=assignment.entry).exists()
    active = Assignment.objects.filter(round=open_round, entry=assignment.entry, active=True)
    assert active.count() == 2
    assert assignment.judge_id not in set(active.values_list("judge_id", flat=True))


def test_save_sheet_draft_then_submit_computes_weighted_total(open_round):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    sheet = save_sheet(
        assignment=assignment,
        base_version=sheet_version(assignment=assignment),
        actor=assignment.judge,
        scores=_scores(open_round, "8", "", ""),
    )
    assert sheet.state == SheetState.DRAFT
    assert sheet.total is None
    sheet = save_sheet(
        assignment=assignment,
        base_version=sheet_version(assignment=assignment),
        actor=assignment.judge,
        scores=_scores(open_round, "8", "6.5", "10"),
        submit=True,
    )
    assert sheet.state == SheetState.SUBMITTED
    assert sheet.total == Decimal("79.500")  # (0.8*50 + 0.65*30 + 1*20)


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        (("11", "5", "5"), "từ 0 đến 10"),
        (("-1", "5", "5"), "từ 0 đến 10"),
        (("7.3", "5", "5"), "bước 0.5"),
        (("abc", "5", "5"), "con số"),
        (("NaN", "5", "5"), "con số"),
    ],
)
def test_save_sheet_refuses_bad_score_and_keeps_saved(open_round, values, fragment):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    save_sheet(
        assignment=assignment,
        base_version=sheet_version(assignment=assignment),
        actor=assignment.judge,
        scores=_scores(open_round, "8", "6", ""),
    )
    with pytest.raises(InvalidScores) as caught:
        save_sheet(
            assignment=assignment,
            base_version=sheet_version(assignment=assignment),
            actor=assignment.judge,
            scores=_scores(open_round, *values),
        )
    assert fragment in caught.value.message
    assignment.sheet.refresh_from_db()
    assert sorted(str(v.normalize()) for v in assignment.sheet.scores.values_list("value", flat=True)) == [
        "6",
        "8",
    ]


def test_submit_refuses_incomplete_sheet(open_round):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    with pytest.raises(InvalidScores):
        save_sheet(
            assignment=assignment,
            base_version=sheet_version(assignment=assignment),
            actor=assignment.judge,
            scores=_scores(open_round, "8", "", ""),
            submit=True,
        )


def test_save_sheet_refuses_other_judge_closed_round_and_conflict(open_round, organiser):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    other = next(j for j in open_round.test_judges if j.pk != assignment.judge_id)
    with pytest.raises(NotAllowed):
        save_sheet(
            assignment=assignment,
            base_version=sheet_version(assignment=assignment),
            actor=other,
            scores=_scores(open_round, "8", "6", "5"),
        )
    ConflictOfInterest.objects.create(judge=assignment.judge, school=assignment.entry.lead_entrant.school)
    with pytest.raises(NotAllowed):
        save_sheet(
            assignment=assignment,
            base_version=sheet_version(assignment=assignment),
            actor=assignment.judge,
            scores=_scores(open_round, "8", "6", "5"),
        )
    transition_round(round_=open_round, to_state=RoundState.CLOSED, actor=organiser)
    with pytest.raises(InvalidTransition):
        save_sheet(
            assignment=assignment,
            base_version=sheet_version(assignment=assignment),
            actor=assignment.judge,
            scores=_scores(open_round, "8", "6", "5"),
        )


def test_last_write_wins_whole(open_round):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    save_sheet(
        assignment=assignment,
        base_version=sheet_version(assignment=assignment),
        actor=assignment.judge,
        scores=_scores(open_round, "8", "6", "5"),
    )
    save_sheet(
        assignment=assignment,
        base_version=sheet_version(assignment=assignment),
        actor=assignment.judge,
        scores=_scores(open_round, "2", "", "1"),
    )
    values = dict(assignment.sheet.scores.values_list("criterion__name", "value"))
    assert values == {"Thông điệp": Decimal("2.00"), "Kỹ thuật": Decimal("1.00")}


@pytest.mark.parametrize(
    ("src", "dst", "allowed"),
    [
        (RoundState.SETUP, RoundState.OPEN, True),
        (RoundState.SETUP, RoundState.CLOSED, False),
        (RoundState.SETUP, RoundState.FINALISED, False),
        (RoundState.OPEN, RoundState.CLOSED, True),
        (RoundState.OPEN, RoundState.FINALISED, False),
        (RoundState.OPEN, RoundState.SETUP, False),
        (RoundState.CLOSED, RoundState.OPEN, True),
        (RoundState.CLOSED, RoundState.FINALISED, True),
        (RoundState.FINALISED, RoundState.OPEN, False),
        (RoundState.FINALISED, RoundState.CLOSED, False),
    ],
)
def test_round_transition_table(organiser, src, dst, allowed):
    panel = PanelFactory()
    JudgeableEntryFactory(contest=panel.contest)
    round_ = RoundFactory(panel=panel, state=src)
    if allowed:
        transition_round(round_=round_, to_state=dst, actor=organiser, reason="Cần chấm lại")
        round_.refresh_from_db()
        assert round_.state == dst
        assert RoundEvent.objects.filter(round=round_, from_state=src, to_state=dst).exists()
    else:
        with pytest.raises(InvalidTransition):
            transition_round(round_=round_, to_state=dst, actor=organiser)


def test_reopen_needs_reason(organiser):
    round_ = RoundFactory(state=RoundState.CLOSED)
    with pytest.raises(DomainError):
        transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)


def test_open_refuses_rubric_weights_not_100(organiser):
    rubric = RubricFactory(criteria=[{"name": "A", "weight": 60}, {"name": "B", "weight": 30}])
    round_ = RoundFactory(rubric=rubric)
    with pytest.raises(DomainError) as caught:
        transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    assert "90%" in caught.value.message


def test_judge_cannot_move_round(open_round):
    with pytest.raises(NotAllowed):
        transition_round(round_=open_round, to_state=RoundState.CLOSED, actor=open_round.test_judges[0])
    transition_round(round_=open_round, to_state=RoundState.CLOSED, actor=open_round.panel.head_judge)


def test_amend_after_close_needs_reason_and_is_audited(open_round, organiser):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    sheet = save_sheet(
        assignment=assignment,
        base_version=sheet_version(assignment=assignment),
        actor=assignment.judge,
        scores=_scores(open_round, "8", "6", "5"),
        submit=True,
    )
    transition_round(round_=open_round, to_state=RoundState.CLOSED, actor=organiser)
    with pytest.raises(DomainError):
        amend_closed_sheet(
            sheet=sheet, actor=organiser, scores=_scores(open_round, "9", "6", "5"), reason=" "
        )
    with pytest.raises(NotAllowed):
        amend_closed_sheet(
            sheet=sheet, actor=assignment.judge, scores=_scores(open_round, "9", "6", "5"), reason="x"
        )
    amend_closed_sheet(
        sheet=sheet, actor=organiser, scores=_scores(open_round, "9", "6", "5"), reason="Nhập nhầm"
    )
    change = SheetChange.objects.get(sheet=sheet)
    assert change.before["total"] == "68.000"
    assert change.after["total"] == "73.000"


def _score_all(round_, by_entry):
    for assignment in Assignment.objects.filter(round=round_, active=True).select_related("judge", "entry"):
        values = by_entry[assignment.entry_id]
        save_sheet(
            assignment=assignment,
            base_version=sheet_version(assignment=assignment),
            actor=assignment.judge,
            scores=_scores(round_, *values),
            submit=True,
        )


def test_ranking_ties_share_rank_and_criteria_break_them(open_round, organiser):
    a, b, c, d = open_round.test_entries
    # a and b both total 68: a wins on the first tie-break criterion. c and d tie on everything.
    _score_all(
        open_round,
        {a.pk: ("8", "6", "5"), b.pk: ("6", "10", "4"), c.pk: ("5", "5", "5"), d.pk: ("5", "5", "5")},
    )
    ranking = {r.code: r for r in compute_ranking(round_=open_round)}
    assert ranking[a.code].score == ranking[b.code].score == Decimal("68.000")
    assert ranking[a.code].score_rank == ranking[b.code].score_rank == 1
    assert (ranking[a.code].rank, ranking[b.code].rank) == (1, 2)
    assert "Thông điệp" in ranking[a.code].tie_broken_by
    assert ranking[c.code].rank == ranking[d.code].rank == 3
    record_tie_break(
        round_=open_round, entry_codes=[d.code, c.code], actor=open_round.panel.head_judge, reason="Họp"
    )
    ranking = {r.code: r for r in compute_ranking(round_=open_round)}
    assert (ranking[d.code].rank, ranking[c.code].rank) == (3, 4)
    assert "trưởng ban" in ranking[c.code].tie_broken_by
    assert RoundEvent.objects.filter(round=open_round, kind=RoundEventKind.TIE_BREAK).exists()


def test_ranking_median_trimmed_and_disagreement(organiser):
    judges = [JudgeFactory() for _ in range(5)]
    panel = PanelFactory(judges=judges)
    entry = JudgeableEntryFactory(contest=panel.contest)
    round_ = RoundFactory(panel=panel, judges_per_entry=5, aggregation="median", trim_percent=20)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    values = ["0", "5", "6", "7", "10"]
    for assignment, v in zip(
        Assignment.objects.filter(round=round_).order_by("judge_id"), values, strict=True
    ):
        save_sheet(
            assignment=assignment,
            base_version=sheet_version(assignment=assignment),
            actor=assignment.judge,
            scores=_scores(round_, v, v, v),
            submit=True,
        )
    row = compute_ranking(round_=round_)[0]
    assert row.entry_id == entry.pk
    assert row.score == Decimal("60.000")
    assert row.trimmed_mean == pytest.approx(60.0)
    assert row.mean == pytest.approx(56.0)
    assert row.disagreement
    round_.aggregation = "trimmed_mean"
    round_.save()
    assert compute_ranking(round_=round_)[0].score == Decimal("60.000")


def test_normalisation_applies_only_past_min_sheets(organiser):
    judges = [JudgeFactory() for _ in range(2)]
    panel = PanelFactory(judges=judges)
    entries = [JudgeableEntryFactory(contest=panel.contest) for _ in range(3)]
    round_ = RoundFactory(panel=panel, judges_per_entry=2, normalise_scores=True, normalise_min_sheets=3)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    harsh, lenient = judges
    plan = {harsh.pk: ["2", "3", "4"], lenient.pk: ["8", "9", "10"]}
    for judge in judges:
        for entry, v in zip(entries, plan[judge.pk], strict=True):
            a = Assignment.objects.get(round=round_, judge=judge, entry=entry)
            save_sheet(
                assignment=a,
                base_version=sheet_version(assignment=a),
                actor=judge,
                scores=_scores(round_, v, v, v),
                submit=True,
            )
    ranking = {r.entry_id: r for r in compute_ranking(round_=round_)}
    # After z-scores both judges agree: the spread of the normalised scores is the same for both.
    assert ranking[entries[2].pk].rank == 1
    assert ranking[entries[0].pk].mean == pytest.approx(ranking[entries[0].pk].median)
    round_.normalise_min_sheets = 4
    round_.save()
    raw = {r.entry_id: r for r in compute_ranking(round_=round_)}
    assert raw[entries[0].pk].mean == pytest.approx(50.0)


def test_finalise_and_advance_top_n(open_round, organiser):
    a, b, c, d = open_round.test_entries
    _score_all(
        open_round,
        {a.pk: ("10", "10", "10"), b.pk: ("8", "8", "8"), c.pk: ("5", "5", "5"), d.pk: ("1", "1", "1")},
    )
    transition_round(round_=open_round, to_state=RoundState.CLOSED, actor=organiser)
    transition_round(round_=open_round, to_state=RoundState.FINALISED, actor=organiser)
    with pytest.raises(DomainError):
        advance_entries(round_=open_round, actor=organiser, top_n=2)
    cut = advance_entries(round_=open_round, actor=organiser, top_n=2, confirmed=True)
    assert set(cut["advance"]) == {a.pk, b.pk}
    for entry, state in [(a, "advanced"), (b, "advanced"), (c, "not_advanced"), (d, "not_advanced")]:
        entry.refresh_from_db()
        assert entry.state == state
    next_round = RoundFactory(panel=open_round.panel, previous_round=open_round, judges_per_entry=1)
    transition_round(round_=next_round, to_state=RoundState.OPEN, actor=organiser)
    assert set(Assignment.objects.filter(round=next_round).values_list("entry_id", flat=True)) == {a.pk, b.pk}


def test_head_judge_adds_judge_to_contested_entry(open_round):
    entry = open_round.test_entries[0]
    busy = set(Assignment.objects.filter(entry=entry, active=True).values_list("judge_id", flat=True))
    free = next(j for j in open_round.test_judges if j.pk not in busy)
    added = add_judge_to_entry(round_=open_round, entry=entry, judge=free, actor=open_round.panel.head_judge)
    assert added.extra
    with pytest.raises(DomainError):
        add_judge_to_entry(round_=open_round, entry=entry, judge=free, actor=open_round.panel.head_judge)


def test_amend_page_for_organiser_changes_sheet_and_refuses_others(client, open_round, organiser):
    from django.urls import reverse

    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    sheet = save_sheet(
        assignment=assignment,
        base_version=sheet_version(assignment=assignment),
        actor=assignment.judge,
        scores=_scores(open_round, "8", "6", "5"),
        submit=True,
    )
    transition_round(round_=open_round, to_state=RoundState.CLOSED, actor=organiser)
    url = reverse("judging:amend_sheet", args=[sheet.pk])
    criteria = list(open_round.rubric.criteria.order_by("sort_order"))
    data = {f"c_{c.pk}": v for c, v in zip(criteria, ["9", "6", "5"], strict=True)}
    data |= {"comment_organisers": "", "comment_entrant": ""}

    client.force_login(assignment.judge)
    assert client.get(url).status_code == 404
    assert client.post(url, {**data, "reason": "x"}).status_code == 404

    client.force_login(organiser)
    assert client.get(url).status_code == 200
    refused = client.post(url, {**data, "reason": ""})
    assert refused.status_code == 400
    assert not SheetChange.objects.filter(sheet=sheet).exists()
    done = client.post(url, {**data, "reason": "Nhập nhầm điểm tiêu chí 1"})
    assert done.status_code == 302
    change = SheetChange.objects.get(sheet=sheet)
    assert change.reason == "Nhập nhầm điểm tiêu chí 1"
    assert change.actor == organiser


def test_save_sheet_refuses_a_stale_version_and_keeps_the_saved_sheet(open_round):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    judge = assignment.judge
    save_sheet(assignment=assignment, actor=judge, base_version=0, scores=_scores(open_round, "8", "6", ""))
    # An offline draft made from version 0 comes back after the sheet moved on to version 1.
    with pytest.raises(StaleSheet) as caught:
        save_sheet(
            assignment=assignment, actor=judge, base_version=0, scores=_scores(open_round, "1", "", "")
        )
    assert caught.value.status_code == 409
    assert caught.value.current["version"] == 1
    assignment.sheet.refresh_from_db()
    assert sorted(assignment.sheet.scores.values_list("value", flat=True)) == [6, 8]


def test_submitted_sheet_changes_only_by_audited_resubmit(open_round):
    assignment = Assignment.objects.filter(round=open_round, active=True).first()
    judge = assignment.judge
    sheet = save_sheet(
        assignment=assignment,
        actor=judge,
        base_version=0,
        scores=_scores(open_round, "10", "10", "10"),
        submit=True,
    )
    assert sheet.total == 100
    for submit in (False, True):
        with pytest.raises(StaleSheet):
            save_sheet(
                assignment=assignment,
                actor=judge,
                base_version=1,
                scores=_scores(open_round, "1", "1", "1"),
                submit=submit,
            )
    with pytest.raises(InvalidScores):
        save_sheet(
            assignment=assignment,
            actor=judge,
            base_version=1,
            scores=_scores(open_round, "1", "", ""),
            resubmit=True,
        )
    sheet = save_sheet(
        assignment=assignment,
        actor=judge,
        base_version=1,
        scores=_scores(open_round, "1", "1", "1"),
        resubmit=True,
    )
    assert (sheet.state, sheet.total, sheet.version) == (SheetState.SUBMITTED, Decimal("10.000"), 2)
    change = SheetChange.objects.get(sheet=sheet)
    assert change.before["total"] == "100.000"
    assert change.after["total"] == "10.000"


def test_preview_shows_loads_unfilled_and_conflicts_without_writing(organiser):
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges)
    entries = [JudgeableEntryFactory(contest=panel.contest) for _ in range(4)]
    # One pupil from the first judge's school: that judge must not score her entry.
    own_school = JudgeableEntryFactory(contest=panel.contest, lead_entrant__school=judges[0].school)
    ConflictOfInterest.objects.create(judge=judges[1], entry=own_school, reason="Cháu ruột")
    round_ = RoundFactory(panel=panel, judges_per_entry=2)
    preview = preview_assignment(round_=round_)
    assert not Assignment.objects.filter(round=round_).exists()
    assert preview.entries == 5
    assert sum(row["total"] for row in preview.loads) == 2 * 4 + 1
    assert max(r["total"] for r in preview.loads) - min(r["total"] for r in preview.loads) <= 1
    assert preview.unfilled == {own_school.code: 1}
    assert preview.conflicts_avoided == 2
    assign_round(round_=round_, actor=organiser)
    assert Assignment.objects.filter(round=round_, active=True).count() == preview.new_pairs
    assert preview_assignment(round_=round_).new_pairs == 0
    assert len(entries) == 4


def test_reassign_moves_entry_and_survives_opening(organiser):
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges)
    entry = JudgeableEntryFactory(contest=panel.contest)
    round_ = RoundFactory(panel=panel, judges_per_entry=2)
    assign_round(round_=round_, actor=organiser)
    on_entry = set(Assignment.objects.filter(round=round_, active=True).values_list("judge_id", flat=True))
    free = next(j for j in judges if j.pk not in on_entry)
    moving = Assignment.objects.filter(round=round_, active=True).first()
    with pytest.raises(NotAllowed):
        reassign_entry(assignment=moving, judge=free, actor=judges[0])
    moved = reassign_entry(assignment=moving, judge=free, actor=organiser)
    moving.refresh_from_db()
    assert (moving.active, moving.ended_reason) == (False, AssignmentEnd.REASSIGNED)
    assert moved.judge_id == free.pk
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    active = set(
        Assignment.objects.filter(round=round_, entry=entry, active=True).values_list("judge_id", flat=True)
    )
    assert free.pk in active
    assert moving.judge_id not in active
    assert RoundEvent.objects.filter(round=round_, kind=RoundEventKind.REASSIGNMENT).exists()


def test_reassign_refuses_submitted_sheet_conflict_and_duplicate(open_round, organiser):
    assignment = Assignment.objects.filter(round=open_round, active=True).select_related("entry").first()
    others = [j for j in open_round.test_judges if j.pk != assignment.judge_id]
    already = next(
        j
        for j in others
        if Assignment.objects.filter(round=open_round, judge=j, entry=assignment.entry, active=True).exists()
    )
    with pytest.raises(DomainError):
        reassign_entry(assignment=assignment, judge=already, actor=organiser)
    free = next(j for j in others if j.pk != already.pk)
    ConflictOfInterest.objects.create(judge=free, entry=assignment.entry, reason="Học sinh lớp chủ nhiệm")
    with pytest.raises(DomainError):
        reassign_entry(assignment=assignment, judge=free, actor=organiser)
    save_sheet(
        assignment=assignment,
        actor=assignment.judge,
        base_version=0,
        scores=_scores(open_round, "8", "6", "5"),
        submit=True,
    )
    ConflictOfInterest.objects.filter(judge=free).delete()
    with pytest.raises(DomainError):
        reassign_entry(assignment=assignment, judge=free, actor=organiser)


def test_panel_without_contest_is_reused_by_rounds_of_two_contests(organiser):
    from django.core.exceptions import ValidationError

    from tests.factories import ContestFactory

    judges = [JudgeFactory() for _ in range(2)]
    panel = PanelFactory(judges=judges, contest=None)
    video, essay = ContestFactory(), ContestFactory()
    video_entries = [JudgeableEntryFactory(contest=video) for _ in range(2)]
    essay_entry = JudgeableEntryFactory(contest=essay)
    orphan = RoundFactory.build(panel=panel, rubric=RubricFactory())
    with pytest.raises(ValidationError):
        orphan.full_clean()
    wrong_division = RoundFactory.build(
        panel=panel, rubric=RubricFactory(), contest=video, division=essay.divisions.first()
    )
    with pytest.raises(ValidationError):
        wrong_division.full_clean()
    first = RoundFactory(panel=panel, contest=video, judges_per_entry=2)
    second = RoundFactory(panel=panel, contest=essay, division=essay.divisions.first(), judges_per_entry=2)
    for round_ in (first, second):
        round_.full_clean()
        transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    assert set(Assignment.objects.filter(round=first).values_list("entry_id", flat=True)) == {
        e.pk for e in video_entries
    }
    assert set(Assignment.objects.filter(round=second).values_list("entry_id", flat=True)) == {essay_entry.pk}
