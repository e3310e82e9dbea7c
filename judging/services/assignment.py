"""Assigning entries to judges: runs the pure plan against the database, and the head judge's additions."""

import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition, NotAllowed
from judging import rules, selectors
from judging.enums import AssignmentEnd, RoundEventKind, RoundState, SheetState
from judging.models import Assignment, ConflictOfInterest, Round, RoundEntry, RoundEvent, ScoreSheet
from judging.services.planner import plan_assignments
from submissions.enums import EntryState
from submissions.services.lifecycle import transition_entry


@dataclass
class AssignmentReport:
    created: int = 0
    ended: int = 0
    unfilled: dict[str, int] = field(default_factory=dict)
    """entry code → judges missing because too few judges may score it."""


@dataclass
class AssignmentPreview:
    """What the assignment would do now, written nowhere: per judge the load (kept + new), the entries
    left without enough judges, and how many judge–entry pairs the conflicts kept apart."""

    entries: int = 0
    loads: list[dict] = field(default_factory=list)
    """[{"judge_id", "name", "kept", "new", "total"}], heaviest first."""
    unfilled: dict[str, int] = field(default_factory=dict)
    conflicts_avoided: int = 0
    new_pairs: int = 0
    dropped: int = 0


@dataclass
class _Inputs:
    round_: Round
    entries: dict[int, int | None]
    judges: dict[int, int | None]
    entry_conflicts: set
    school_conflicts: set
    active_ids: dict
    ended_ids: dict


def _collect(round_: Round) -> _Inputs:
    entries = dict(selectors.judgeable_entries(round_=round_).values_list("id", "lead_entrant__school_id"))
    judges = dict(round_.panel.judges.filter(is_active=True).values_list("id", "school_id"))
    conflicts = ConflictOfInterest.objects.filter(judge_id__in=judges)
    rows = Assignment.objects.filter(round=round_).values_list("id", "judge_id", "entry_id", "active")
    active_ids, ended_ids = {}, {}
    for pk, judge, entry, active in rows:
        (active_ids if active else ended_ids)[(judge, entry)] = pk
    return _Inputs(
        round_=round_,
        entries=entries,
        judges=judges,
        entry_conflicts=set(conflicts.filter(entry__isnull=False).values_list("judge_id", "entry_id")),
        school_conflicts=set(conflicts.filter(school__isnull=False).values_list("judge_id", "school_id")),
        active_ids=active_ids,
        ended_ids=ended_ids,
    )


def _plan(inputs: _Inputs):
    return plan_assignments(
        entries=inputs.entries,
        judges=inputs.judges,
        conflicts=inputs.entry_conflicts,
        school_conflicts=inputs.school_conflicts,
        existing=list(inputs.active_ids),
        judges_per_entry=inputs.round_.judges_per_entry,
        cap=inputs.round_.max_load,
        seed=inputs.round_.seed,
    )


def _conflicts_avoided(inputs: _Inputs) -> int:
    """Judge–entry pairs of this round barred by a declared conflict or a shared school."""
    by_school: dict[int, set[int]] = {}
    for judge, school in inputs.judges.items():
        if school is not None:
            by_school.setdefault(school, set()).add(judge)
    for judge, school in inputs.school_conflicts:
        by_school.setdefault(school, set()).add(judge)
    per_entry: dict[int, set[int]] = {}
    for judge, entry in inputs.entry_conflicts:
        if entry in inputs.entries and judge in inputs.judges:
            per_entry.setdefault(entry, set()).add(judge)
    return sum(
        len(per_entry.get(entry, set()) | by_school.get(school, set()))
        if school is not None
        else len(per_entry.get(entry, set()))
        for entry, school in inputs.entries.items()
    )


def preview_assignment(*, round_: Round) -> AssignmentPreview:
    """The plan the next assignment run would make for `round_`, without writing anything, for the
    organiser to check before opening the round."""
    inputs = _collect(round_)
    plan = _plan(inputs)
    kept = dict.fromkeys(inputs.judges, 0)
    for judge, _entry in inputs.active_ids:
        if judge in kept:
            kept[judge] += 1
    for judge, _entry in plan.dropped:
        if judge in kept:
            kept[judge] -= 1
    new = dict.fromkeys(inputs.judges, 0)
    for judge, _entry in plan.new_pairs:
        new[judge] += 1
    names = dict(round_.panel.judges.values_list("id", "full_name"))
    loads = [
        {"judge_id": j, "name": names.get(j, ""), "kept": kept[j], "new": new[j], "total": kept[j] + new[j]}
        for j in inputs.judges
    ]
    loads.sort(key=lambda row: (-row["total"], row["name"]))
    codes = dict(
        selectors.judgeable_entries(round_=round_)
        .filter(pk__in=list(plan.unfilled))
        .values_list("id", "code")
    )
    return AssignmentPreview(
        entries=len(inputs.entries),
        loads=loads,
        unfilled={codes[entry]: missing for entry, missing in plan.unfilled.items()},
        conflicts_avoided=_conflicts_avoided(inputs),
        new_pairs=len(plan.new_pairs),
        dropped=len(plan.dropped),
    )


def _queue_order(*, seed: int, judge_id: int, entry_ids: list[int]) -> list[int]:
    order = sorted(entry_ids)
    random.Random(seed * 1_000_003 + judge_id).shuffle(order)
    return order


@transaction.atomic
def assign_round(*, round_: Round, actor=None) -> AssignmentReport:
    """Gives every judgeable entry of the round its judges, keeping work already assigned.

    Ends (never deletes) assignments that a conflict, a withdrawn consent or a judge leaving the panel
    made invalid; re-activates an ended pair when it becomes allowed and is needed again; records the
    entries in the round (RoundEntry) and writes a RoundEvent with the counts.
    """
    round_ = Round.objects.select_for_update().select_related("panel").get(pk=round_.pk)
    if round_.state not in {RoundState.SETUP, RoundState.OPEN}:
        raise InvalidTransition(_("Vòng chấm đã khoá: không thể phân công lại."))
    inputs = _collect(round_)
    entries, judges = inputs.entries, inputs.judges
    active_ids, ended_ids = inputs.active_ids, inputs.ended_ids
    plan = _plan(inputs)

    report = AssignmentReport()
    by_reason: dict[str, list[int]] = {}
    for judge, entry in plan.dropped:
        if entry not in entries:
            reason = AssignmentEnd.LEFT_POOL
        elif judge not in judges:
            reason = AssignmentEnd.LEFT_PANEL
        else:
            reason = AssignmentEnd.CONFLICT
        by_reason.setdefault(reason, []).append(active_ids[(judge, entry)])
    for reason, ids in by_reason.items():
        report.ended += Assignment.objects.filter(pk__in=ids).update(active=False, ended_reason=reason)

    new_by_judge: dict[int, list[int]] = {}
    for judge, entry in plan.new_pairs:
        new_by_judge.setdefault(judge, []).append(entry)
    positions = dict(
        Assignment.objects.filter(round=round_)
        .values("judge_id")
        .annotate(top=Max("position"))
        .values_list("judge_id", "top")
    )
    to_create, to_revive = [], []
    for judge, entry_ids in new_by_judge.items():
        position = positions.get(judge) or 0
        for entry in _queue_order(seed=round_.seed, judge_id=judge, entry_ids=entry_ids):
            position += 1
            if (judge, entry) in ended_ids:
                to_revive.append((ended_ids[(judge, entry)], position))
            else:
                to_create.append(Assignment(round=round_, judge_id=judge, entry_id=entry, position=position))
    Assignment.objects.bulk_create(to_create, batch_size=5000)
    for pk, position in to_revive:
        Assignment.objects.filter(pk=pk).update(active=True, ended_reason="", position=position)
    report.created = len(to_create) + len(to_revive)

    RoundEntry.objects.bulk_create(
        [RoundEntry(round=round_, entry_id=entry) for entry in entries],
        batch_size=5000,
        ignore_conflicts=True,
    )
    if plan.unfilled:
        codes = dict(
            selectors.judgeable_entries(round_=round_).filter(pk__in=plan.unfilled).values_list("id", "code")
        )
        report.unfilled = {codes[entry]: missing for entry, missing in plan.unfilled.items()}
    if round_.state == RoundState.OPEN:
        start_judging_entries(round_=round_, actor=actor)
    RoundEvent.objects.create(
        round=round_,
        actor=actor,
        kind=RoundEventKind.ASSIGNMENT,
        data={"created": report.created, "ended": report.ended, "unfilled": report.unfilled},
    )
    return report


def start_judging_entries(*, round_: Round, actor) -> None:
    """Moves the round's entries that are waiting (eligible, or advanced from the previous round) to
    "in judging", through the entry lifecycle service."""
    waiting = selectors.judgeable_entries(round_=round_).filter(
        state__in=[EntryState.ELIGIBLE, EntryState.ADVANCED]
    )
    for entry in waiting.only("pk", "state"):
        transition_entry(entry=entry, to_state=EntryState.IN_JUDGING, actor=actor, reason=str(round_))


@transaction.atomic
def add_judge_to_entry(*, round_: Round, entry, judge, actor) -> Assignment:
    """Gives a contested entry one more judge (beyond the round's R) and writes a RoundEvent."""
    round_ = Round.objects.select_for_update().select_related("panel").get(pk=round_.pk)
    if round_.state != RoundState.OPEN:
        raise InvalidTransition(_("Chỉ thêm giám khảo khi vòng đang chấm."))
    if not round_.panel.judges.filter(pk=judge.pk).exists():
        raise DomainError(_("Giám khảo này không thuộc hội đồng của vòng chấm."))
    if not selectors.judgeable_entries(round_=round_).filter(pk=entry.pk).exists():
        raise DomainError(_("Bài dự thi này không thuộc vòng chấm."))
    if selectors.has_conflict(judge=judge, entry=entry):
        raise DomainError(_("Giám khảo này có xung đột lợi ích với bài dự thi, không thể phân công."))
    existing = Assignment.objects.filter(round=round_, judge=judge, entry=entry).first()
    if existing and existing.active:
        raise DomainError(_("Giám khảo này đã được phân công chấm bài này."))
    position = selectors.next_queue_position(round_id=round_.pk, judge_id=judge.pk)
    if existing:
        existing.active, existing.ended_reason, existing.position, existing.extra = True, "", position, True
        existing.save(update_fields=["active", "ended_reason", "position", "extra"])
        assignment = existing
    else:
        assignment = Assignment.objects.create(
            round=round_, judge=judge, entry=entry, position=position, extra=True
        )
    RoundEvent.objects.create(
        round=round_,
        actor=actor,
        kind=RoundEventKind.JUDGE_ADDED,
        data={"entry": entry.code, "judge": judge.pk, "assignment": assignment.pk},
    )
    return assignment


@transaction.atomic
def reassign_entry(*, assignment: Assignment, judge, actor) -> Assignment:
    """An organiser moves one assignment to another judge of the panel, before or during scoring: ends it
    (reason "reassigned"; a draft begun stays on record but no longer counts), gives the entry to `judge`
    at the end of their queue, and writes a RoundEvent. A submitted sheet is never moved away."""
    if not rules.can_manage_round(actor):
        raise NotAllowed(_("Chỉ ban tổ chức được chuyển bài cho giám khảo khác."))
    round_ = Round.objects.select_for_update().select_related("panel").get(pk=assignment.round_id)
    if round_.state not in {RoundState.SETUP, RoundState.OPEN}:
        raise InvalidTransition(_("Vòng chấm đã khoá: không thể chuyển bài."))
    assignment = Assignment.objects.select_for_update().select_related("entry", "judge").get(pk=assignment.pk)
    if not assignment.active:
        raise DomainError(_("Phân công này đã kết thúc."))
    if ScoreSheet.objects.filter(assignment=assignment, state=SheetState.SUBMITTED).exists():
        raise DomainError(_("Giám khảo đã nộp phiếu cho bài này: không thể chuyển bài."))
    if not round_.panel.judges.filter(pk=judge.pk, is_active=True).exists():
        raise DomainError(_("Giám khảo này không thuộc hội đồng của vòng chấm."))
    if selectors.has_conflict(judge=judge, entry=assignment.entry):
        raise DomainError(_("Giám khảo này có xung đột lợi ích với bài dự thi, không thể phân công."))
    existing = Assignment.objects.filter(round=round_, judge=judge, entry=assignment.entry).first()
    if existing and existing.active:
        raise DomainError(_("Giám khảo này đã được phân công chấm bài này."))
    Assignment.objects.filter(pk=assignment.pk).update(active=False, ended_reason=AssignmentEnd.REASSIGNED)
    position = selectors.next_queue_position(round_id=round_.pk, judge_id=judge.pk)
    if existing:
        existing.active, existing.ended_reason, existing.position = True, "", position
        existing.save(update_fields=["active", "ended_reason", "position"])
        moved = existing
    else:
        moved = Assignment.objects.create(
            round=round_, judge=judge, entry=assignment.entry, position=position, extra=assignment.extra
        )
    RoundEvent.objects.create(
        round=round_,
        actor=actor,
        kind=RoundEventKind.REASSIGNMENT,
        data={"entry": assignment.entry.code, "from": assignment.judge_id, "to": judge.pk},
    )
    return moved


@transaction.atomic
def declare_conflict(*, assignment: Assignment, actor, reason: str = "") -> ConflictOfInterest:
    """Records the judge's declared conflict with the entry, ends the assignment (a sheet already begun
    stays on record but no longer counts) and re-runs the assignment so another judge takes the entry."""
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        judge_id=assignment.judge_id,
        entry_id=assignment.entry_id,
        defaults={"reason": reason[:300], "declared_by_judge": True},
    )
    Assignment.objects.filter(pk=assignment.pk).update(active=False, ended_reason=AssignmentEnd.CONFLICT)
    assign_round(round_=assignment.round, actor=actor)
    return conflict
