"""Score sheets: the judge's autosaved drafts and submissions, and organisers' audited changes after close."""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition, NotAllowed
from judging import rules, selectors
from judging.enums import RoundState, SheetState
from judging.models import Assignment, Criterion, Round, Score, ScoreSheet, SheetChange


class StaleSheet(DomainError):
    """The sheet changed since the version the save was based on (another tab, another browser, an offline
    draft), or it is submitted and the save is not an explicit re-submit. `current` is the saved sheet."""

    status_code = 409

    def __init__(self, message, *, current: dict):
        super().__init__(message)
        self.current = current


class InvalidScores(DomainError):
    """Scores refused; `errors` maps a criterion id to its message (0 for the sheet as a whole)."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def plain(value: Decimal) -> str:
    """10 rather than 1E+1, 7.5 rather than 7.50."""
    return format(value.normalize(), "f")


def parse_score(raw) -> Decimal | None:
    if raw is None:
        return None
    text = str(raw).strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def clean_scores(
    *, criteria: list[Criterion], raw: Mapping[int, object], complete: bool
) -> dict[int, Decimal | None]:
    """Checks every score against its criterion's range and step; raises InvalidScores listing each bad one."""
    known = {c.pk: c for c in criteria}
    errors: dict[int, str] = {}
    unknown = set(raw) - set(known)
    if unknown:
        errors[0] = _("Phiếu chấm có tiêu chí không thuộc thang điểm của vòng này.")
    values: dict[int, Decimal | None] = {}
    for criterion in criteria:
        try:
            value = parse_score(raw.get(criterion.pk))
        except ValueError:
            errors[criterion.pk] = _("“%(name)s”: hãy nhập một con số.") % {"name": criterion.name}
            continue
        if value is None:
            if complete:
                errors[criterion.pk] = _("“%(name)s”: chưa có điểm.") % {"name": criterion.name}
            values[criterion.pk] = None
            continue
        if not criterion.min_score <= value <= criterion.max_score:
            errors[criterion.pk] = _("“%(name)s”: điểm phải từ %(lo)s đến %(hi)s.") % {
                "name": criterion.name,
                "lo": plain(criterion.min_score),
                "hi": plain(criterion.max_score),
            }
        elif not criterion.is_on_step(value):
            errors[criterion.pk] = _(
                "“%(name)s”: điểm phải theo bước %(step)s (ví dụ %(lo)s, %(next)s…)."
            ) % {
                "name": criterion.name,
                "step": plain(criterion.step),
                "lo": plain(criterion.min_score),
                "next": plain(criterion.min_score + criterion.step),
            }
        values[criterion.pk] = value
    if errors:
        raise InvalidScores(errors)
    return values


def _write_scores(*, sheet: ScoreSheet, values: dict[int, Decimal | None]) -> None:
    Score.objects.filter(sheet=sheet, criterion_id__in=[pk for pk, v in values.items() if v is None]).delete()
    Score.objects.bulk_create(
        [Score(sheet=sheet, criterion_id=pk, value=v) for pk, v in values.items() if v is not None],
        update_conflicts=True,
        unique_fields=["sheet", "criterion"],
        update_fields=["value"],
    )


def weighted_total(*, sheet: ScoreSheet, rubric_id: int) -> Decimal | None:
    """The sheet's weighted total on a 0–100 scale, computed in the database; None until every criterion
    has a score."""
    weight_sum = Criterion.objects.filter(rubric_id=rubric_id).aggregate(w=Sum("weight"))["w"]
    scored = sheet.scores.aggregate(
        n=Count("id"),
        part=Sum(
            ExpressionWrapper(
                F("criterion__weight")
                * (F("value") - F("criterion__min_score"))
                / (F("criterion__max_score") - F("criterion__min_score")),
                output_field=DecimalField(max_digits=12, decimal_places=6),
            )
        ),
    )
    if not weight_sum or scored["n"] != Criterion.objects.filter(rubric_id=rubric_id).count():
        return None
    return (Decimal(100) * Decimal(scored["part"]) / weight_sum).quantize(Decimal("0.001"))


def sheet_state(sheet: ScoreSheet | None) -> dict:
    """The saved sheet as the judge's page shows it: version, state, total, scores and comments."""
    if sheet is None:
        return {
            "version": 0,
            "state": "",
            "state_label": "",
            "total": None,
            "scores": {},
            "comment_organisers": "",
            "comment_entrant": "",
        }
    return {
        "version": sheet.version,
        "state": sheet.state,
        "state_label": str(SheetState(sheet.state).label),
        "total": str(sheet.total) if sheet.total is not None else None,
        "scores": {str(pk): plain(v) for pk, v in sheet.scores.values_list("criterion_id", "value")},
        "comment_organisers": sheet.comment_organisers,
        "comment_entrant": sheet.comment_entrant,
    }


def _hold_round(round_id: int) -> None:
    """Keeps the round from changing state until this save commits, without making judges wait for each
    other: FOR SHARE, which a round's transition (FOR UPDATE) waits for and other saves do not. Locking the
    round FOR UPDATE with the assignment, as before, queued every judge of the round behind one another
    (the deadline-rush load run found nine autosaves waiting on it at once). SQLite has no row locks."""
    if not connection.features.has_select_for_update:
        return
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Round._meta.db_table)
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [round_id])  # noqa: S608 (quoted name)


@transaction.atomic
def save_sheet(
    *,
    assignment: Assignment,
    actor,
    scores: Mapping[int, object],
    base_version: int,
    comment_organisers: str = "",
    comment_entrant: str = "",
    submit: bool = False,
    resubmit: bool = False,
) -> ScoreSheet:
    """Saves the judge's sheet as it stands (a draft, or submitted when `submit`), replacing every score.

    Locks the assignment first, then refuses (StaleSheet, 409) a save based on another version than the
    saved one, so no tab, browser or offline draft overwrites what it has not seen. A submitted sheet
    changes only by an explicit re-submit (`resubmit`), which writes a SheetChange with the sheet before
    and after. Sends nothing.
    """
    _hold_round(assignment.round_id)
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round", "entry")
        .get(pk=assignment.pk)
    )
    if locked.judge_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Phiếu chấm này không thuộc về thầy cô."))
    if locked.round.state != RoundState.OPEN:
        raise InvalidTransition(_("Vòng chấm đã khoá: không thể sửa phiếu chấm."))
    if not rules.can_score(actor, locked):
        raise NotAllowed(_("Thầy cô không được phân công chấm bài này."))
    if selectors.has_conflict(judge=actor, entry=locked.entry):
        raise NotAllowed(_("Thầy cô có xung đột lợi ích với bài này nên không thể chấm."))
    criteria = selectors.rubric_criteria(rubric_id=locked.round.rubric_id)
    sheet = ScoreSheet.objects.filter(assignment=locked).first()
    saved_version = sheet.version if sheet else 0
    if base_version != saved_version:
        raise StaleSheet(
            _("Phiếu chấm đã được lưu ở nơi khác sau khi thầy cô mở trang này. Hãy chọn giữ bản nào."),
            current=sheet_state(sheet),
        )
    was_submitted = sheet is not None and sheet.state == SheetState.SUBMITTED
    if was_submitted and not resubmit:
        raise StaleSheet(
            _("Phiếu chấm đã nộp. Muốn sửa, thầy cô hãy bấm “Nộp lại phiếu”."), current=sheet_state(sheet)
        )
    values = clean_scores(criteria=criteria, raw=scores, complete=submit or resubmit)
    before = _snapshot(sheet) if was_submitted else None
    if sheet is None:
        sheet = ScoreSheet.objects.create(assignment=locked)
    _write_scores(sheet=sheet, values=values)
    sheet.total = weighted_total(sheet=sheet, rubric_id=locked.round.rubric_id)
    sheet.comment_organisers = comment_organisers.strip()
    sheet.comment_entrant = comment_entrant.strip()
    if submit or resubmit:
        sheet.state = SheetState.SUBMITTED
        sheet.submitted_at = timezone.now()
    else:
        sheet.state = SheetState.DRAFT
        sheet.submitted_at = None
    sheet.version = saved_version + 1
    sheet.full_clean(exclude=["assignment"])
    sheet.save()
    if before is not None:
        SheetChange.objects.create(
            sheet=sheet,
            actor=actor,
            reason=_("Giám khảo nộp lại phiếu chấm."),
            before=before,
            after=_snapshot(sheet),
        )
    return sheet


def _snapshot(sheet: ScoreSheet) -> dict:
    return {
        "state": sheet.state,
        "total": str(sheet.total) if sheet.total is not None else None,
        "scores": {str(k): str(v) for k, v in sheet.scores.values_list("criterion_id", "value")},
        "comment_organisers": sheet.comment_organisers,
        "comment_entrant": sheet.comment_entrant,
    }


@transaction.atomic
def amend_closed_sheet(
    *,
    sheet: ScoreSheet,
    actor,
    scores: Mapping[int, object],
    reason: str,
    comment_organisers: str | None = None,
    comment_entrant: str | None = None,
) -> ScoreSheet:
    """An organiser's change to a sheet of a closed round: needs a reason, and writes a SheetChange with
    the sheet before and after. Finalised rounds stay as they are."""
    if not rules.can_amend_closed_sheet(actor, sheet):
        raise NotAllowed(_("Chỉ ban tổ chức được sửa phiếu chấm sau khi khoá vòng."))
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do sửa phiếu chấm."))
    sheet = ScoreSheet.objects.select_for_update().select_related("assignment__round").get(pk=sheet.pk)
    round_ = sheet.assignment.round
    if round_.state != RoundState.CLOSED:
        raise InvalidTransition(_("Chỉ sửa phiếu chấm sau khi khoá vòng và trước khi chốt xếp hạng."))
    before = _snapshot(sheet)
    criteria = selectors.rubric_criteria(rubric_id=round_.rubric_id)
    values = clean_scores(criteria=criteria, raw=scores, complete=True)
    _write_scores(sheet=sheet, values=values)
    sheet.total = weighted_total(sheet=sheet, rubric_id=round_.rubric_id)
    if comment_organisers is not None:
        sheet.comment_organisers = comment_organisers.strip()
    if comment_entrant is not None:
        sheet.comment_entrant = comment_entrant.strip()
    sheet.state = SheetState.SUBMITTED
    sheet.submitted_at = sheet.submitted_at or timezone.now()
    sheet.version += 1
    sheet.save()
    SheetChange.objects.create(
        sheet=sheet, actor=actor, reason=reason.strip(), before=before, after=_snapshot(sheet)
    )
    return sheet
