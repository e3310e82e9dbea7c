"""Reads of judging. Every list here runs a fixed number of queries, whatever the number of entries."""

from django.db.models import Count, Max, Q, StdDev

from judging.enums import JUDGEABLE_ENTRY_STATES, RoundState, SheetState
from judging.models import Assignment, ConflictOfInterest, Criterion, Round, RoundEntry, ScoreSheet
from submissions.models import Entry

# An entry with an unresolved identity finding is held out exactly like one with missing consent.
JUDGEABLE = Q(
    entry__consent_complete=True, entry__identity_hold=False, entry__state__in=JUDGEABLE_ENTRY_STATES
)


def judgeable_entries(*, round_: Round):
    """The entries this round may score: eligible, consented entries of the panel's contest (and division),
    or, in a later round, those the previous round advanced."""
    contest, division = round_.judged_contest, round_.judged_division
    qs = Entry.objects.filter(
        contest_id=contest.pk if contest else None,
        consent_complete=True,
        identity_hold=False,
        state__in=JUDGEABLE_ENTRY_STATES,
    )
    if division is not None:
        qs = qs.filter(division_id=division.pk)
    if round_.previous_round_id:
        qs = qs.filter(round_entries__round_id=round_.previous_round_id, round_entries__advanced=True)
    return qs


def active_assignments(*, round_: Round):
    return Assignment.objects.filter(round=round_, active=True).filter(JUDGEABLE)


def judge_rounds(*, judge):
    """Rounds where `judge` has work, with their progress, newest first."""
    return (
        Round.objects.filter(assignments__judge=judge, assignments__active=True)
        .exclude(state=RoundState.SETUP)
        .filter(
            assignments__entry__consent_complete=True,
            assignments__entry__state__in=JUDGEABLE_ENTRY_STATES,
        )
        .annotate(
            assigned=Count("assignments", distinct=True),
            submitted=Count(
                "assignments", filter=Q(assignments__sheet__state=SheetState.SUBMITTED), distinct=True
            ),
        )
        .select_related("panel__contest", "contest")
        .order_by("-pk")
    )


def judge_queue(*, round_: Round, judge):
    """The judge's own queue, in its own random order, with each sheet's state."""
    return (
        active_assignments(round_=round_)
        .filter(judge=judge)
        .select_related("entry", "sheet")
        .only(
            "id",
            "position",
            "round_id",
            "judge_id",
            "entry__code",
            "entry__state",
            "entry__consent_complete",
            "sheet__state",
            "sheet__total",
            "sheet__updated_at",
        )
        .order_by("position")
    )


def assignment_for_scoring(*, pk: int):
    return (
        Assignment.objects.select_related("round__rubric", "round__panel", "entry", "sheet")
        .filter(pk=pk)
        .first()
    )


def rubric_criteria(*, rubric_id: int) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric_id=rubric_id).order_by("sort_order", "pk"))


def sheet_scores(*, sheet: ScoreSheet | None) -> dict[int, str]:
    if sheet is None:
        return {}
    return {
        criterion: format(value.normalize(), "f")
        for criterion, value in sheet.scores.values_list("criterion_id", "value")
    }


def sheet_version(*, assignment: Assignment) -> int:
    """The version a save of this assignment's sheet must name: 0 before the first save."""
    return (
        ScoreSheet.objects.filter(assignment_id=assignment.pk).values_list("version", flat=True).first() or 0
    )


def next_assignment(*, assignment: Assignment):
    """The next sheet in this judge's queue not yet submitted, wrapping around to the start."""
    pending = (
        active_assignments(round_=assignment.round)
        .filter(judge_id=assignment.judge_id)
        .exclude(pk=assignment.pk)
        .exclude(sheet__state=SheetState.SUBMITTED)
        .order_by("position")
    )
    return pending.filter(position__gt=assignment.position).first() or pending.first()


def other_submitted_totals(*, assignment: Assignment) -> list:
    """Totals other judges submitted for the same entry, without who they are."""
    return list(
        ScoreSheet.objects.filter(
            assignment__round_id=assignment.round_id,
            assignment__entry_id=assignment.entry_id,
            assignment__active=True,
            state=SheetState.SUBMITTED,
        )
        .exclude(assignment_id=assignment.pk)
        .order_by("total")
        .values_list("total", flat=True)
    )


def has_conflict(*, judge, entry) -> bool:
    """A declared conflict with the entry or its school, or the judge's own school."""
    school_id = Entry.objects.filter(pk=entry.pk).values_list("lead_entrant__school_id", flat=True).first()
    if school_id is not None and judge.school_id == school_id:
        return True
    return ConflictOfInterest.objects.filter(
        Q(entry_id=entry.pk) | Q(school_id=school_id, school__isnull=False), judge_id=judge.pk
    ).exists()


def judge_progress(*, round_: Round):
    """Per judge: assigned, submitted and draft sheets, most behind first."""
    return (
        active_assignments(round_=round_)
        .values("judge_id", "judge__full_name", "judge__email")
        .annotate(
            assigned=Count("id"),
            submitted=Count("id", filter=Q(sheet__state=SheetState.SUBMITTED)),
            drafts=Count("id", filter=Q(sheet__state=SheetState.DRAFT)),
        )
        .order_by("submitted", "judge__full_name")
    )


def round_totals(*, round_: Round) -> dict:
    counts = active_assignments(round_=round_).aggregate(
        assigned=Count("id"),
        submitted=Count("id", filter=Q(sheet__state=SheetState.SUBMITTED)),
        entries=Count("entry_id", distinct=True),
    )
    counts["complete_entries"] = (
        active_assignments(round_=round_)
        .values("entry_id")
        .annotate(open=Count("id", filter=~Q(sheet__state=SheetState.SUBMITTED) | Q(sheet__isnull=True)))
        .filter(open=0)
        .count()
    )
    return counts


def entry_progress(*, round_: Round, disagreeing_only: bool = False):
    """Per entry: judges assigned, sheets submitted and the spread of their totals (0–100 scale)."""
    qs = (
        active_assignments(round_=round_)
        .values("entry_id", "entry__code")
        .annotate(
            assigned=Count("id"),
            submitted=Count("id", filter=Q(sheet__state=SheetState.SUBMITTED)),
            spread=StdDev("sheet__total", sample=True, filter=Q(sheet__state=SheetState.SUBMITTED)),
        )
    )
    if disagreeing_only:
        qs = qs.filter(spread__gt=round_.disagreement_threshold).order_by("-spread", "entry__code")
    else:
        qs = qs.order_by("submitted", "entry__code")
    return qs


def unscored_assignments(*, round_: Round):
    """Active assignments whose sheet is not submitted (a draft or nothing), by entry code then judge: what
    closing the round would leave out."""
    return (
        active_assignments(round_=round_)
        .exclude(sheet__state=SheetState.SUBMITTED)
        .select_related("entry", "judge", "sheet")
        .only("id", "entry__code", "judge__full_name", "judge__email", "sheet__state", "extra")
        .order_by("entry__code", "judge__full_name", "pk")
    )


def entries_matching(*, query: str, limit: int = 20) -> list[Entry]:
    """Entries whose code is `query`, or whose lead entrant or a team member has a name containing it,
    compared accent-folded (for organisers declaring a conflict). Organisers only: it shows names."""
    from judging.services.declarations import fold

    by_code = list(Entry.objects.filter(code__iexact=query.strip()).select_related("lead_entrant"))
    if by_code:
        return by_code
    wanted = fold(query)
    if not wanted:
        return []
    found: list[int] = []
    rows = Entry.objects.values_list("pk", "lead_entrant__full_name").order_by("code")
    for pk, name in rows:
        if wanted in fold(name or ""):
            found.append(pk)
    members = Entry.objects.filter(team_members__isnull=False).values_list(
        "pk", "team_members__name", "team_members__user__full_name"
    )
    for pk, name, user_name in members:
        if pk not in found and (wanted in fold(name or "") or wanted in fold(user_name or "")):
            found.append(pk)
    entries = Entry.objects.filter(pk__in=found[:limit]).select_related("lead_entrant").order_by("code")
    return list(entries)


def next_queue_position(*, round_id: int, judge_id: int) -> int:
    current = Assignment.objects.filter(round_id=round_id, judge_id=judge_id).aggregate(m=Max("position"))[
        "m"
    ]
    return (current or 0) + 1


def round_entry_ids(*, round_: Round):
    return RoundEntry.objects.filter(round=round_).values_list("entry_id", flat=True)


def rounds_overseen(*, user):
    from contest import rules as contest_rules

    qs = Round.objects.select_related("panel__contest", "panel__division", "contest", "division").order_by(
        "-pk"
    )
    if contest_rules.is_organiser(user):
        return qs
    return qs.filter(panel__head_judge=user)
