"""Ranking a round in PostgreSQL: per-sheet totals (kept on the sheet, computed by the database), optional
per-judge z-score normalisation, the round's aggregate (mean, median or trimmed mean), the judges' spread
with a disagreement flag, and ranks with the published tie-break order. One query, whatever the size."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from contest.errors import DomainError
from judging.enums import JUDGEABLE_ENTRY_STATES, AggregationMethod, SheetState
from judging.models import Criterion, Round


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


_METHOD_COLUMN = {
    AggregationMethod.MEAN: "pe.mean",
    AggregationMethod.MEDIAN: "pe.median",
    AggregationMethod.TRIMMED_MEAN: "pe.trimmed",
}


def tie_break_criteria(*, round_: Round) -> list[Criterion]:
    return list(
        Criterion.objects.filter(rubric_id=round_.rubric_id, tie_break_priority__isnull=False).order_by(
            "tie_break_priority", "sort_order"
        )
    )


def compute_ranking(*, round_: Round) -> list[RankedEntry]:
    """The round's ranking per division; ties share a rank by score, then the published order breaks
    them: the named criteria in priority (their mean score), then the head judge's recorded decision."""
    if connection.vendor != "postgresql":
        raise DomainError(_("Xếp hạng cần cơ sở dữ liệu PostgreSQL."))
    criteria = tie_break_criteria(round_=round_)
    tb_select = ",\n".join(
        f"avg((sc.value - c.min_score) / (c.max_score - c.min_score)) "
        f"FILTER (WHERE sc.criterion_id = %(tb{i})s) AS tb{i}"
        for i in range(len(criteria))
    )
    tb_cols = "".join(f", round(cr.tb{i}, 6) AS tb{i}" for i in range(len(criteria)))
    tb_order = "".join(f", cr.tb{i} DESC NULLS LAST" for i in range(len(criteria)))
    # Only our own column names and fixed fragments are formatted in; every value goes in as a parameter.
    crit_cte = (
        f"""
        , crit AS (
            SELECT a.entry_id, {tb_select}
            FROM judging_score sc
            JOIN judging_criterion c ON c.id = sc.criterion_id
            JOIN sheets s ON s.sheet_id = sc.sheet_id
            JOIN judging_assignment a ON a.id = s.assignment_id
            GROUP BY a.entry_id
        )"""  # noqa: S608
        if criteria
        else ", crit AS (SELECT NULL::bigint AS entry_id WHERE false)"
    )
    params = {
        "round": round_.pk,
        "submitted": SheetState.SUBMITTED.value,
        "states": list(JUDGEABLE_ENTRY_STATES),
        "normalise": round_.normalise_scores,
        "min_n": round_.normalise_min_sheets,
        "trim": round_.trim_percent / 100,
        "threshold": float(round_.disagreement_threshold),
    }
    params.update({f"tb{i}": c.pk for i, c in enumerate(criteria)})
    score = _METHOD_COLUMN[round_.aggregation]
    sql = f"""
        WITH sheets AS (
            SELECT s.id AS sheet_id, s.assignment_id, a.entry_id, a.judge_id, s.total::float8 AS total
            FROM judging_scoresheet s
            JOIN judging_assignment a ON a.id = s.assignment_id
            JOIN submissions_entry e ON e.id = a.entry_id
            WHERE a.round_id = %(round)s AND a.active AND s.state = %(submitted)s
              AND e.consent_complete AND e.state = ANY(%(states)s)
        ),
        judge_stats AS (
            SELECT judge_id, count(*) AS n, avg(total) AS mu, stddev_samp(total) AS sd
            FROM sheets GROUP BY judge_id
        ),
        overall AS (SELECT avg(total) AS mu, coalesce(stddev_samp(total), 0) AS sd FROM sheets),
        adjusted AS (
            SELECT s.entry_id, s.total AS raw,
                CASE WHEN %(normalise)s AND j.n >= %(min_n)s AND j.sd > 0
                     THEN least(100, greatest(0, o.mu + o.sd * (s.total - j.mu) / j.sd))
                     ELSE s.total END AS score
            FROM sheets s JOIN judge_stats j USING (judge_id) CROSS JOIN overall o
        ),
        ordered AS (
            SELECT entry_id, raw, score,
                row_number() OVER (PARTITION BY entry_id ORDER BY score) AS pos,
                count(*) OVER (PARTITION BY entry_id) AS n
            FROM adjusted
        ),
        pe AS (
            SELECT entry_id, count(*) AS sheets, avg(score) AS mean,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY score) AS median,
                coalesce(
                    avg(score) FILTER (WHERE pos > floor(n * %(trim)s) AND pos <= n - floor(n * %(trim)s)),
                    avg(score)
                ) AS trimmed,
                coalesce(stddev_samp(raw), 0) AS spread
            FROM ordered GROUP BY entry_id
        )
        {crit_cte},
        scored AS (
            SELECT re.entry_id, e.code, e.division_id, re.head_judge_order,
                coalesce(pe.sheets, 0) AS sheets, pe.mean, pe.median, pe.trimmed, coalesce(pe.spread, 0) AS spread,
                round(({score})::numeric, 3) AS score {tb_cols}
            FROM judging_roundentry re
            JOIN submissions_entry e ON e.id = re.entry_id
            LEFT JOIN pe ON pe.entry_id = re.entry_id
            LEFT JOIN crit cr ON cr.entry_id = re.entry_id
            WHERE re.round_id = %(round)s AND e.consent_complete AND e.state = ANY(%(states)s)
        )
        SELECT cr.*,
            cr.spread > %(threshold)s AS disagreement,
            rank() OVER (PARTITION BY cr.division_id ORDER BY cr.score DESC NULLS LAST) AS score_rank,
            rank() OVER (PARTITION BY cr.division_id
                         ORDER BY cr.score DESC NULLS LAST {tb_order}, cr.head_judge_order ASC NULLS LAST) AS rank
        FROM scored cr
        ORDER BY cr.division_id NULLS FIRST, rank, cr.code
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [col.name for col in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    ranked = []
    for row in rows:
        ranked.append(
            RankedEntry(
                entry_id=row["entry_id"],
                code=row["code"],
                division_id=row["division_id"],
                sheets=row["sheets"],
                score=row["score"],
                mean=row["mean"],
                median=row["median"],
                trimmed_mean=row["trimmed"],
                spread=float(row["spread"]),
                disagreement=bool(row["disagreement"]),
                score_rank=row["score_rank"],
                rank=row["rank"],
                tie_values=[row[f"tb{i}"] for i in range(len(criteria))],
                head_judge_order=row["head_judge_order"],
            )
        )
    _explain_ties(ranked, criteria)
    return ranked


def _explain_ties(ranked: list[RankedEntry], criteria: list[Criterion]) -> None:
    """Names, for each entry sharing its score with another, the rule that set it apart."""
    groups: dict[tuple, list[RankedEntry]] = {}
    for row in ranked:
        if row.score is not None:
            groups.setdefault((row.division_id, row.score), []).append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        for row in group:
            rivals = [other for other in group if other is not row]
            if all(other.rank == row.rank for other in rivals):
                row.tie_broken_by = _("Đồng hạng")
                continue
            for i, criterion in enumerate(criteria):
                if any(other.tie_values[i] != row.tie_values[i] for other in rivals):
                    row.tie_broken_by = _("Tách theo tiêu chí “%(name)s”") % {"name": criterion.name}
                    break
            else:
                row.tie_broken_by = _("Theo quyết định của trưởng ban giám khảo")
