"""Assigning entries to judges: runs the pure plan against the database, and the head judge's additions."""

import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition
from judging import selectors
from judging.enums import AssignmentEnd, RoundEventKind, RoundState
from judging.models import Assignment, ConflictOfInterest, Round, RoundEntry, RoundEvent
from judging.services.planner import plan_assignments
from submissions.enums import EntryState
from submissions.services.lifecycle import transition_entry


@dataclass
class AssignmentReport:
    created: int = 0
    ended: int = 0
    unfilled: dict[str, int] = field(default_factory=dict)
    """entry code → judges missing because too few judges may score it."""


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
    entries = dict(selectors.judgeable_entries(round_=round_).values_list("id", "lead_entrant__school_id"))
    judges = dict(round_.panel.judges.filter(is_active=True).values_list("id", "school_id"))
    conflicts = ConflictOfInterest.objects.filter(judge_id__in=judges)
    entry_conflicts = set(conflicts.filter(entry__isnull=False).values_list("judge_id", "entry_id"))
    school_conflicts = set(conflicts.filter(school__isnull=False).values_list("judge_id", "school_id"))
    rows = Assignment.objects.filter(round=round_).values_list("id", "judge_id", "entry_id", "active")
    active_ids, ended_ids = {}, {}
    for pk, judge, entry, active in rows:
        (active_ids if active else ended_ids)[(judge, entry)] = pk

    plan = plan_assignments(
        entries=entries,
        judges=judges,
        conflicts=entry_conflicts,
        school_conflicts=school_conflicts,
        existing=list(active_ids),
        judges_per_entry=round_.judges_per_entry,
        cap=round_.max_load,
        seed=round_.seed,
    )

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
