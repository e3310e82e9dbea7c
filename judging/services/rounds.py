"""The round lifecycle (setup → open → closed → finalised) and what hangs on it: tie-break decisions,
advancement to the next round and reminders to judges."""

import math
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition, NotAllowed
from judging import rules, selectors
from judging.enums import ROUND_TRANSITIONS, RoundEventKind, RoundState
from judging.models import WEIGHT_TOTAL, Criterion, Round, RoundEntry, RoundEvent
from judging.services.aggregation import compute_ranking
from judging.services.assignment import assign_round
from submissions.enums import EntryState
from submissions.services.lifecycle import transition_entry


def check_rubric_weights(*, rubric_id: int) -> None:
    """Refuses a rubric without criteria or whose weights do not add up to 100, saying by how much."""
    total = Criterion.objects.filter(rubric_id=rubric_id).aggregate(w=Sum("weight"))["w"]
    if total is None:
        raise DomainError(_("Thang điểm chưa có tiêu chí nào."))
    if total != WEIGHT_TOTAL:
        raise DomainError(
            _(
                "Tổng trọng số các tiêu chí là %(total)s%%, phải bằng 100%%. Hãy sửa thang điểm trước khi mở vòng."
            )
            % {"total": format(total.normalize(), "f")}
        )


def _allowed_to(user, round_: Round, to_state: str) -> bool:
    if to_state == RoundState.CLOSED:
        return rules.can_oversee_round(user, round_)
    return rules.can_manage_round(user, round_)


@transaction.atomic
def transition_round(*, round_: Round, to_state: str, actor, reason: str = "") -> Round:
    """Moves the round along ROUND_TRANSITIONS and writes a RoundEvent.

    Opening checks the rubric, runs the assignment and moves the round's entries to "in judging";
    closing freezes every sheet; reopening needs a reason; finalising fixes each entry's score and rank.
    """
    locked = Round.objects.select_for_update().select_related("panel").get(pk=round_.pk)
    from_state = locked.state
    if to_state not in ROUND_TRANSITIONS[from_state]:
        raise InvalidTransition(
            _("Không thể chuyển vòng chấm từ “%(src)s” sang “%(dst)s”.")
            % {"src": RoundState(from_state).label, "dst": RoundState(to_state).label}
        )
    if not _allowed_to(actor, locked, to_state):
        raise NotAllowed(_("Thầy cô không có quyền thực hiện thao tác này với vòng chấm."))
    data = {}
    if to_state == RoundState.OPEN and from_state == RoundState.SETUP:
        check_rubric_weights(rubric_id=locked.rubric_id)
        if not locked.panel.judges.exists():
            raise DomainError(_("Hội đồng chưa có giám khảo nào."))
        locked.state = to_state
        locked.opened_at = timezone.now()
        locked.save(update_fields=["state", "opened_at"])
        report = assign_round(round_=locked, actor=actor)
        data = {"assigned": report.created, "unfilled": report.unfilled}
    elif to_state == RoundState.OPEN and not reason.strip():
        raise DomainError(_("Hãy ghi lý do mở lại vòng chấm."))
    if to_state == RoundState.FINALISED:
        _fix_ranking(round_=locked)
    locked.state = to_state
    locked.save(update_fields=["state"])
    RoundEvent.objects.create(
        round=locked,
        actor=actor,
        kind=RoundEventKind.TRANSITION,
        from_state=from_state,
        to_state=to_state,
        reason=reason.strip(),
        data=data,
    )
    round_.refresh_from_db()
    return round_


def _fix_ranking(*, round_: Round) -> None:
    ranking = compute_ranking(round_=round_)
    rows = {row.entry_id: row for row in RoundEntry.objects.filter(round=round_)}
    for ranked in ranking:
        row = rows[ranked.entry_id]  # every ranked entry has its RoundEntry
        row.final_score, row.rank = ranked.score, ranked.rank
    RoundEntry.objects.bulk_update(rows.values(), ["final_score", "rank"], batch_size=2000)


@transaction.atomic
def record_tie_break(*, round_: Round, entry_codes: list[str], actor, reason: str = "") -> None:
    """The head judge's decision on entries still tied after the criteria: their order, best first.
    Recorded on the round's entries and in a RoundEvent."""
    if not rules.can_oversee_round(actor, round_):
        raise NotAllowed(_("Chỉ trưởng ban giám khảo hoặc ban tổ chức được quyết định thứ tự đồng điểm."))
    if round_.state not in {RoundState.OPEN, RoundState.CLOSED}:
        raise InvalidTransition(_("Xếp hạng đã chốt: không thể đổi thứ tự."))
    codes = [code.strip() for code in entry_codes if code.strip()]
    if len(codes) < 2 or len(set(codes)) != len(codes):
        raise DomainError(_("Hãy nhập ít nhất hai mã bài khác nhau, bài xếp trên trước."))
    rows = {
        r.entry.code: r
        for r in RoundEntry.objects.filter(round=round_, entry__code__in=codes).select_related("entry")
    }
    missing = [code for code in codes if code not in rows]
    if missing:
        raise DomainError(_("Không có bài %(codes)s trong vòng chấm này.") % {"codes": ", ".join(missing)})
    for order, code in enumerate(codes, start=1):
        rows[code].head_judge_order = order
    RoundEntry.objects.bulk_update(rows.values(), ["head_judge_order"])
    RoundEvent.objects.create(
        round=round_, actor=actor, kind=RoundEventKind.TIE_BREAK, reason=reason.strip(), data={"order": codes}
    )


def advancement_cut(*, round_: Round, top_n: int | None = None, top_percent: Decimal | None = None) -> dict:
    """Which entries would advance: per division, those ranked within the top N (or top x %), ties at the
    cut all going through. Returns {"advance": [entry ids], "stay": [entry ids]}."""
    if (top_n is None) == (top_percent is None):
        raise DomainError(_("Hãy chọn hoặc số bài, hoặc tỉ lệ phần trăm vào vòng trong."))
    rows = list(
        RoundEntry.objects.filter(round=round_, rank__isnull=False).values(
            "entry_id", "entry__division_id", "rank"
        )
    )
    by_division: dict = {}
    for row in rows:
        by_division.setdefault(row["entry__division_id"], []).append(row)
    advance, stay = [], []
    for division_rows in by_division.values():
        limit = top_n if top_n is not None else math.ceil(len(division_rows) * float(top_percent) / 100)
        for row in division_rows:
            (advance if row["rank"] <= limit else stay).append(row["entry_id"])
    return {"advance": advance, "stay": stay}


@transaction.atomic
def advance_entries(
    *,
    round_: Round,
    actor,
    top_n: int | None = None,
    top_percent: Decimal | None = None,
    confirmed: bool = False,
) -> dict:
    """Moves the top entries of a finalised round to "advanced" and the others to "not advanced", once an
    organiser confirms. The next round (with this one as its previous round) scores only those advanced."""
    if not rules.can_manage_round(actor, round_):
        raise NotAllowed(_("Chỉ ban tổ chức được xét bài vào vòng trong."))
    if not confirmed:
        raise DomainError(_("Hãy xác nhận danh sách bài vào vòng trong."))
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.state != RoundState.FINALISED:
        raise InvalidTransition(_("Chỉ xét vào vòng trong sau khi đã chốt xếp hạng."))
    if RoundEntry.objects.filter(round=round_, advanced__isnull=False).exists():
        raise InvalidTransition(_("Vòng này đã xét vào vòng trong."))
    cut = advancement_cut(round_=round_, top_n=top_n, top_percent=top_percent)
    entries = {
        e.pk: e
        for e in selectors.judgeable_entries(round_=round_).filter(pk__in=cut["advance"] + cut["stay"])
    }
    for entry_id in cut["advance"]:
        if entry_id in entries:
            transition_entry(
                entry=entries[entry_id], to_state=EntryState.ADVANCED, actor=actor, reason=str(round_)
            )
    for entry_id in cut["stay"]:
        if entry_id in entries:
            transition_entry(
                entry=entries[entry_id], to_state=EntryState.NOT_ADVANCED, actor=actor, reason=str(round_)
            )
    RoundEntry.objects.filter(round=round_, entry_id__in=cut["advance"]).update(advanced=True)
    RoundEntry.objects.filter(round=round_, entry_id__in=cut["stay"]).update(advanced=False)
    RoundEvent.objects.create(
        round=round_,
        actor=actor,
        kind=RoundEventKind.ADVANCEMENT,
        data={
            "top_n": top_n,
            "top_percent": str(top_percent) if top_percent else None,
            "advanced": len(cut["advance"]),
        },
    )
    return cut


def judges_behind(*, round_: Round) -> list[dict]:
    """Judges behind schedule: with a deadline, those whose share of submitted sheets is below the share of
    scoring time gone by; without one, those below the panel's average progress."""
    progress = list(selectors.judge_progress(round_=round_))
    if not progress:
        return []
    now = timezone.now()
    if round_.scoring_deadline and round_.opened_at and round_.scoring_deadline > round_.opened_at:
        elapsed = (now - round_.opened_at) / (round_.scoring_deadline - round_.opened_at)
        expected = min(1.0, max(0.0, elapsed))
    else:
        expected = sum(p["submitted"] / p["assigned"] for p in progress) / len(progress)
    return [
        p for p in progress if p["submitted"] < p["assigned"] and p["submitted"] / p["assigned"] < expected
    ]


@transaction.atomic
def send_reminders(*, round_: Round, actor) -> int:
    """Queues a reminder e-mail to every judge behind schedule (sent after commit) and writes a RoundEvent.
    Returns how many judges will be reminded."""
    from judging.tasks import send_judge_reminder

    if not rules.can_oversee_round(actor, round_):
        raise NotAllowed(_("Chỉ trưởng ban giám khảo hoặc ban tổ chức được nhắc giám khảo."))
    if round_.state != RoundState.OPEN:
        raise InvalidTransition(_("Chỉ nhắc giám khảo khi vòng đang chấm."))
    behind = [p["judge_id"] for p in judges_behind(round_=round_)]
    for judge_id in behind:
        transaction.on_commit(
            lambda judge_id=judge_id: send_judge_reminder.enqueue(round_id=round_.pk, judge_id=judge_id)
        )
    RoundEvent.objects.create(
        round=round_, actor=actor, kind=RoundEventKind.REMINDER, data={"judges": behind}
    )
    return len(behind)
