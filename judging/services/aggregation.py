"""Ranking a round, the same on every database Django supports (PostgreSQL in production, SQLite in the
embedded default): the ORM reads the submitted sheets' totals (kept on the sheet, computed when saved) and the
tie-break criteria's scores in a fixed number of queries, and one Python pass does the rest: optional
per-judge z-score normalisation, the round's aggregate (mean, median or trimmed mean), the judges' spread
with a disagreement flag, and ranks per division with the published tie-break order. Because the arithmetic
is done here, not in each database's dialect, both backends give identical results (tested on both)."""

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from judging.enums import JUDGEABLE_ENTRY_STATES, AggregationMethod, SheetState
from judging.models import Criterion, Round, RoundEntry, Score, ScoreSheet

SCORE_PLACES = Decimal("0.001")
TIE_PLACES = Decimal("0.000001")


@dataclass
class RankedEntry:
    entry_id: int
    code: str
    division_id: int | None
    sheets: int
    score: Decimal | None
    mean: float | None
    median: float | None
    trimmed_mean: float | None
    spread: float
    disagreement: bool
    score_rank: int
    rank: int
    tie_values: list = field(default_factory=list)
    head_judge_order: int | None = None
    tie_broken_by: str = ""


@dataclass
class _SheetTotal:
    entry_id: int
    judge_id: int
    raw: float
    score: float = 0.0


def tie_break_criteria(*, round_: Round) -> list[Criterion]:
    return list(
        Criterion.objects.filter(rubric_id=round_.rubric_id, tie_break_priority__isnull=False).order_by(
            "tie_break_priority", "sort_order"
        )
    )


def _submitted_sheets(round_: Round):
    return ScoreSheet.objects.filter(
        assignment__round=round_,
        assignment__active=True,
        state=SheetState.SUBMITTED,
        assignment__entry__consent_complete=True,
        assignment__entry__state__in=JUDGEABLE_ENTRY_STATES,
    )


def _normalise(sheets: list[_SheetTotal], *, round_: Round) -> None:
    """Sets each sheet's `score`: its raw total, or, for a judge with enough sheets and some spread, the
    total moved onto the panel's overall mean and spread (z-score), kept within 0–100."""
    for sheet in sheets:
        sheet.score = sheet.raw
    if not round_.normalise_scores or not sheets:
        return
    totals = [s.raw for s in sheets]
    overall_mu = statistics.fmean(totals)
    overall_sd = _stdev(totals)
    by_judge: dict[int, list[float]] = {}
    for sheet in sheets:
        by_judge.setdefault(sheet.judge_id, []).append(sheet.raw)
    stats = {judge: (len(v), statistics.fmean(v), _stdev(v)) for judge, v in by_judge.items()}
    for sheet in sheets:
        n, mu, sd = stats[sheet.judge_id]
        if n >= round_.normalise_min_sheets and sd > 0:
            sheet.score = min(100.0, max(0.0, overall_mu + overall_sd * (sheet.raw - mu) / sd))


def _trimmed_mean(scores: list[float], trim: float) -> float:
    ordered = sorted(scores)
    cut = math.floor(len(ordered) * trim)
    kept = ordered[cut : len(ordered) - cut]
    return statistics.fmean(kept or ordered)


def _as_score(value: float | None) -> Decimal | None:
    # 15 significant digits (what a double holds exactly), then half away from zero, as PostgreSQL rounds.
    if value is None:
        return None
    return Decimal(format(value, ".15g")).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def _tie_values(round_: Round, criteria: list[Criterion]) -> dict[int, list[Decimal | None]]:
    """Per entry, the mean of each tie-break criterion's score on a 0–1 scale, exactly (in Decimal)."""
    if not criteria:
        return {}
    sums: dict[int, dict[int, list]] = {}
    rows = Score.objects.filter(
        sheet__in=_submitted_sheets(round_), criterion_id__in=[c.pk for c in criteria]
    ).values_list("sheet__assignment__entry_id", "criterion_id", "value")
    for entry_id, criterion_id, value in rows:
        part = sums.setdefault(entry_id, {}).setdefault(criterion_id, [Decimal(0), 0])
        part[0] += value
        part[1] += 1
    result: dict[int, list[Decimal | None]] = {}
    for entry_id, by_criterion in sums.items():
        values = []
        for criterion in criteria:
            part = by_criterion.get(criterion.pk)
            if part is None:
                values.append(None)
                continue
            mean = (part[0] / part[1] - criterion.min_score) / (criterion.max_score - criterion.min_score)
            values.append(mean.quantize(TIE_PLACES, ROUND_HALF_UP))
        result[entry_id] = values
    return result


def _stdev(values: list[float]) -> float:
    """Sample standard deviation, 0 for fewer than two values (statistics.stdev is exact but slow)."""
    if len(values) < 2:
        return 0.0
    mu = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - mu) ** 2 for v in values) / (len(values) - 1))


def _ranks(rows: list[RankedEntry], key) -> dict[int, int]:
    """SQL's rank(): rows with equal keys share a rank; the next rank skips as many as shared."""
    ordered = sorted(rows, key=key)
    ranks: dict[int, int] = {}
    previous = None
    for position, row in enumerate(ordered, start=1):
        current = key(row)
        if current != previous:
            rank, previous = position, current
        ranks[row.entry_id] = rank
    return ranks


def _desc(value) -> tuple:
    """Sort key putting larger values first and missing ones last."""
    return (1, 0) if value is None else (0, -value)


def compute_ranking(*, round_: Round) -> list[RankedEntry]:
    """The round's ranking per division; ties share a rank by score, then the published order breaks
    them: the named criteria in priority (their mean score), then the head judge's recorded decision.
    Three queries, whatever the size."""
    criteria = tie_break_criteria(round_=round_)
    sheets = [
        _SheetTotal(entry_id=entry_id, judge_id=judge_id, raw=float(total))
        for entry_id, judge_id, total in _submitted_sheets(round_).values_list(
            "assignment__entry_id", "assignment__judge_id", "total"
        )
    ]
    _normalise(sheets, round_=round_)
    per_entry: dict[int, list[_SheetTotal]] = {}
    for sheet in sheets:
        per_entry.setdefault(sheet.entry_id, []).append(sheet)
    tie_values = _tie_values(round_, criteria)
    trim = round_.trim_percent / 100
    threshold = float(round_.disagreement_threshold)
    entries = (
        RoundEntry.objects.filter(
            round=round_, entry__consent_complete=True, entry__state__in=JUDGEABLE_ENTRY_STATES
        )
        .values_list("entry_id", "entry__code", "entry__division_id", "head_judge_order")
        .order_by("entry_id")
    )
    ranked = []
    for entry_id, code, division_id, head_judge_order in entries:
        own = per_entry.get(entry_id, [])
        scores = [s.score for s in own]
        raws = [s.raw for s in own]
        mean = statistics.fmean(scores) if scores else None
        median = statistics.median(scores) if scores else None
        trimmed = _trimmed_mean(scores, trim) if scores else None
        chosen = {
            AggregationMethod.MEAN: mean,
            AggregationMethod.MEDIAN: median,
            AggregationMethod.TRIMMED_MEAN: trimmed,
        }[round_.aggregation]
        spread = _stdev(raws)
        ranked.append(
            RankedEntry(
                entry_id=entry_id,
                code=code,
                division_id=division_id,
                sheets=len(own),
                score=_as_score(chosen),
                mean=mean,
                median=median,
                trimmed_mean=trimmed,
                spread=spread,
                disagreement=spread > threshold,
                score_rank=0,
                rank=0,
                tie_values=tie_values.get(entry_id, [None] * len(criteria)),
                head_judge_order=head_judge_order,
            )
        )
    by_division: dict[int | None, list[RankedEntry]] = {}
    for row in ranked:
        by_division.setdefault(row.division_id, []).append(row)
    for rows in by_division.values():
        score_ranks = _ranks(rows, key=lambda r: _desc(r.score))
        ranks = _ranks(
            rows,
            key=lambda r: (
                _desc(r.score),
                *(_desc(v) for v in r.tie_values),
                (1, 0) if r.head_judge_order is None else (0, r.head_judge_order),
            ),
        )
        for row in rows:
            row.score_rank, row.rank = score_ranks[row.entry_id], ranks[row.entry_id]
    ranked.sort(key=lambda r: (r.division_id is not None, r.division_id or 0, r.rank, r.code))
    _explain_ties(ranked, criteria)
    return ranked


def _explain_ties(ranked: list[RankedEntry], criteria: list[Criterion]) -> None:
    """Names, for each entry sharing its score with another, the rule that set it apart."""
    groups: dict[tuple, list[RankedEntry]] = {}
    for row in ranked:
        if row.score is not None:
            groups.setdefault((row.division_id, row.score), []).append(row)
    shared = _("Đồng hạng")
    by_criterion = [_("Tách theo tiêu chí “%(name)s”") % {"name": c.name} for c in criteria]
    by_head_judge = _("Theo quyết định của trưởng ban giám khảo")
    for group in groups.values():
        if len(group) < 2:
            continue
        ranks = Counter(row.rank for row in group)
        values = [Counter(row.tie_values[i] for row in group) for i in range(len(criteria))]
        for row in group:
            if ranks[row.rank] == len(group):
                row.tie_broken_by = shared
                continue
            # The first criterion on which some rival differs from this row.
            for i, counts in enumerate(values):
                if counts[row.tie_values[i]] < len(group):
                    row.tie_broken_by = by_criterion[i]
                    break
            else:
                row.tie_broken_by = by_head_judge
