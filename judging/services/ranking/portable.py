"""Ranking on any database Django supports (SQLite in the embedded default): the ORM reads the submitted
sheets' totals and the tie-break criteria's scores in a fixed number of queries, and one Python pass does
the arithmetic laid down in base.py."""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from judging.enums import JUDGEABLE_ENTRY_STATES, AggregationMethod, SheetState
from judging.models import Criterion, Round, RoundEntry, Score, ScoreSheet

from .base import SCORE_PLACES, TIE_PLACES, RankedEntry, RankingBackend


@dataclass
class _SheetTotal:
    entry_id: int
    judge_id: int
    raw: float
    score: float = 0.0


def _submitted_sheets(round_: Round):
    return ScoreSheet.objects.filter(
        assignment__round=round_,
        assignment__active=True,
        state=SheetState.SUBMITTED,
        assignment__entry__consent_complete=True,
        assignment__entry__state__in=JUDGEABLE_ENTRY_STATES,
    )


def _add(ordered) -> float:
    """Left-to-right floating-point sum, as a database adds (sum() compensates, math.fsum is exact)."""
    total = 0.0
    for value in ordered:
        total += value
    return total


def _mean(ordered: list[float]) -> float:
    return _add(ordered) / len(ordered)


def _stdev(values: list[float]) -> float:
    """Sample standard deviation, two-pass, 0 for fewer than two values."""
    if len(values) < 2:
        return 0.0
    ordered = sorted(values)
    mu = _mean(ordered)
    return math.sqrt(_add((v - mu) * (v - mu) for v in ordered) / (len(ordered) - 1))


def _median(ordered: list[float]) -> float:
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _trimmed_mean(ordered: list[float], trim: float) -> float:
    cut = math.floor(len(ordered) * trim)
    kept = ordered[cut : len(ordered) - cut]
    return _mean(kept or ordered)


def _normalise(sheets: list[_SheetTotal], *, round_: Round) -> None:
    """Sets each sheet's `score`: its raw total, or its z-score normalised total (see base.py)."""
    for sheet in sheets:
        sheet.score = sheet.raw
    if not round_.normalise_scores or not sheets:
        return
    totals = [s.raw for s in sheets]
    overall_mu = _mean(sorted(totals))
    overall_sd = _stdev(totals)
    by_judge: dict[int, list[float]] = {}
    for sheet in sheets:
        by_judge.setdefault(sheet.judge_id, []).append(sheet.raw)
    stats = {judge: (len(v), _mean(sorted(v)), _stdev(v)) for judge, v in by_judge.items()}
    for sheet in sheets:
        n, mu, sd = stats[sheet.judge_id]
        if n >= round_.normalise_min_sheets and sd > 0:
            sheet.score = min(100.0, max(0.0, overall_mu + overall_sd * (sheet.raw - mu) / sd))


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
            total, n = part
            # One division of exact numbers, as the database does it.
            mean = (total - n * criterion.min_score) / (n * (criterion.max_score - criterion.min_score))
            values.append(mean.quantize(TIE_PLACES, ROUND_HALF_UP))
        result[entry_id] = values
    return result


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


class PortableRanking(RankingBackend):
    """Three queries, whatever the size; the arithmetic in Python."""

    def rank(self, *, round_: Round, criteria: list[Criterion]) -> list[RankedEntry]:
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
            scores = sorted(s.score for s in own)
            mean = _mean(scores) if scores else None
            median = _median(scores) if scores else None
            trimmed = _trimmed_mean(scores, trim) if scores else None
            chosen = {
                AggregationMethod.MEAN: mean,
                AggregationMethod.MEDIAN: median,
                AggregationMethod.TRIMMED_MEAN: trimmed,
            }[round_.aggregation]
            spread = _stdev([s.raw for s in own])
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
        return ranked
