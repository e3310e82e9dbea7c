"""Ranking in PostgreSQL: one query does the arithmetic laid down in base.py over the submitted sheets and
returns one row per entry with its scores and ranks. Sums name their order (`sum(x ORDER BY x)`) so the
floating-point results are the portable backend's to the last bit."""

from django.db import connection

from judging.enums import JUDGEABLE_ENTRY_STATES, AggregationMethod, SheetState
from judging.models import Criterion, Round

from .base import RankedEntry, RankingBackend

_METHOD_COLUMN = {
    AggregationMethod.MEAN: "pe.mean",
    AggregationMethod.MEDIAN: "pe.median",
    AggregationMethod.TRIMMED_MEAN: "pe.trimmed",
}

# Per-judge and overall mean and spread of the totals, and each sheet's z-score within 0–100.
_NORMALISED = """
    judge_mu AS (
        SELECT judge_id, count(*) AS n, sum(total ORDER BY total) / count(*)::float8 AS mu
        FROM sheets GROUP BY judge_id
    ),
    judge_stats AS (
        SELECT j.judge_id, j.n, j.mu,
            CASE WHEN j.n > 1
                 THEN sqrt(sum((s.total - j.mu) * (s.total - j.mu) ORDER BY s.total) / (j.n - 1)::float8)
                 ELSE 0 END AS sd
        FROM sheets s JOIN judge_mu j USING (judge_id) GROUP BY j.judge_id, j.n, j.mu
    ),
    overall_mu AS (SELECT count(*) AS n, sum(total ORDER BY total) / count(*)::float8 AS mu FROM sheets),
    overall AS (
        SELECT o.mu,
            CASE WHEN o.n > 1
                 THEN sqrt(sum((s.total - o.mu) * (s.total - o.mu) ORDER BY s.total) / (o.n - 1)::float8)
                 ELSE 0 END AS sd
        FROM sheets s CROSS JOIN overall_mu o GROUP BY o.n, o.mu
    ),
    adjusted AS (
        SELECT s.entry_id, s.total AS raw,
            CASE WHEN j.n >= %(min_n)s AND j.sd > 0
                 THEN least(100::float8, greatest(0::float8, o.mu + o.sd * (s.total - j.mu) / j.sd))
                 ELSE s.total END AS score
        FROM sheets s JOIN judge_stats j USING (judge_id) CROSS JOIN overall o
    ),"""
_RAW = """
    adjusted AS (SELECT entry_id, total AS raw, total AS score FROM sheets),"""


class PostgresqlRanking(RankingBackend):
    """One query, whatever the size."""

    def rank(self, *, round_: Round, criteria: list[Criterion]) -> list[RankedEntry]:
        tb = range(len(criteria))
        # Only our own column names and fixed fragments are formatted in; every value goes in as a parameter.
        pivot = "".join(f", max(value) FILTER (WHERE criterion_id = %(tb{i})s) AS tb{i}" for i in tb)
        crit_cte = (
            f""",
            crit_means AS (
                SELECT s.entry_id, sc.criterion_id,
                    round((sum(sc.value) - count(*) * c.min_score) / (count(*) * (c.max_score - c.min_score)), 6)
                        AS value
                FROM judging_score sc
                JOIN judging_criterion c ON c.id = sc.criterion_id
                JOIN sheets s ON s.sheet_id = sc.sheet_id
                WHERE sc.criterion_id = ANY(%(criteria)s)
                GROUP BY s.entry_id, sc.criterion_id, c.min_score, c.max_score
            ),
            crit AS (SELECT entry_id{pivot} FROM crit_means GROUP BY entry_id)"""  # noqa: S608
            if criteria
            else ", crit AS (SELECT NULL::bigint AS entry_id WHERE false)"
        )
        tb_cols = "".join(f", cr.tb{i}" for i in tb)
        tb_order = "".join(f", sc.tb{i} DESC NULLS LAST" for i in tb)
        middle = "pos IN ((n + 1) / 2, n / 2 + 1)"
        kept = "pos > floor(n * %(trim)s) AND pos <= n - floor(n * %(trim)s)"
        sql = f"""
            WITH sheets AS (
                SELECT s.id AS sheet_id, a.entry_id, a.judge_id, s.total::float8 AS total
                FROM judging_scoresheet s
                JOIN judging_assignment a ON a.id = s.assignment_id
                JOIN submissions_entry e ON e.id = a.entry_id
                WHERE a.round_id = %(round)s AND a.active AND s.state = %(submitted)s
                  AND e.consent_complete AND e.state = ANY(%(states)s)
            ),
            {_NORMALISED if round_.normalise_scores else _RAW}
            ordered AS (
                SELECT entry_id, raw, score,
                    row_number() OVER (PARTITION BY entry_id ORDER BY score) AS pos,
                    count(*) OVER (PARTITION BY entry_id) AS n
                FROM adjusted
            ),
            pe_mu AS (
                SELECT entry_id, count(*) AS sheets,
                    sum(score ORDER BY score) / count(*)::float8 AS mean,
                    sum(raw ORDER BY raw) / count(*)::float8 AS raw_mu,
                    sum(score) FILTER (WHERE {middle}) / (count(*) FILTER (WHERE {middle}))::float8 AS median,
                    sum(score ORDER BY score) FILTER (WHERE {kept})
                        / nullif(count(*) FILTER (WHERE {kept}), 0)::float8 AS trimmed
                FROM ordered GROUP BY entry_id
            ),
            pe AS (
                SELECT m.entry_id, m.sheets, m.mean, m.median, coalesce(m.trimmed, m.mean) AS trimmed,
                    CASE WHEN m.sheets > 1
                         THEN sqrt(sum((o.raw - m.raw_mu) * (o.raw - m.raw_mu) ORDER BY o.raw)
                                   / (m.sheets - 1)::float8)
                         ELSE 0 END AS spread
                FROM ordered o JOIN pe_mu m USING (entry_id)
                GROUP BY m.entry_id, m.sheets, m.mean, m.median, m.trimmed, m.raw_mu
            )
            {crit_cte},
            scored AS (
                SELECT re.entry_id, e.code, e.division_id, re.head_judge_order,
                    coalesce(pe.sheets, 0) AS sheets, pe.mean, pe.median, pe.trimmed,
                    coalesce(pe.spread, 0) AS spread,
                    round(({_METHOD_COLUMN[round_.aggregation]})::numeric, 3) AS score {tb_cols}
                FROM judging_roundentry re
                JOIN submissions_entry e ON e.id = re.entry_id
                LEFT JOIN pe ON pe.entry_id = re.entry_id
                LEFT JOIN crit cr ON cr.entry_id = re.entry_id
                WHERE re.round_id = %(round)s AND e.consent_complete AND e.state = ANY(%(states)s)
            )
            SELECT sc.*,
                sc.spread > %(threshold)s AS disagreement,
                rank() OVER (PARTITION BY sc.division_id ORDER BY sc.score DESC NULLS LAST) AS score_rank,
                rank() OVER (PARTITION BY sc.division_id
                             ORDER BY sc.score DESC NULLS LAST {tb_order}, sc.head_judge_order ASC NULLS LAST)
                    AS rank
            FROM scored sc
            ORDER BY sc.division_id NULLS FIRST, rank, sc.code COLLATE "C"
        """  # noqa: S608
        params = {
            "round": round_.pk,
            "submitted": SheetState.SUBMITTED.value,
            "states": list(JUDGEABLE_ENTRY_STATES),
            "min_n": round_.normalise_min_sheets,
            "trim": round_.trim_percent / 100,
            "threshold": float(round_.disagreement_threshold),
            "criteria": [c.pk for c in criteria],
        }
        params.update({f"tb{i}": c.pk for i, c in enumerate(criteria)})
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [col.name for col in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return [
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
                tie_values=[row[f"tb{i}"] for i in tb],
                head_judge_order=row["head_judge_order"],
            )
            for row in rows
        ]
