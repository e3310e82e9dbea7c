"""Ranking a round: one interface (base.RankingBackend), one class per database, chosen once from the
default connection's vendor — PostgreSQL aggregates in SQL, any other database (SQLite in the embedded
default) ranks through the ORM and Python. Both follow the arithmetic in base.py and give identical results."""

from functools import cache

from django.db import connection

from judging.models import Round

from .base import RankedEntry, RankingBackend, explain_ties, tie_break_criteria

__all__ = ["RankedEntry", "RankingBackend", "compute_ranking", "ranking_backend", "tie_break_criteria"]


@cache
def ranking_backend() -> RankingBackend:
    if connection.vendor == "postgresql":
        from .postgresql import PostgresqlRanking

        return PostgresqlRanking()
    from .portable import PortableRanking

    return PortableRanking()


def compute_ranking(*, round_: Round) -> list[RankedEntry]:
    """The round's ranking per division; ties share a rank by score, then the published order breaks
    them: the named criteria in priority (their mean score), then the head judge's recorded decision."""
    criteria = tie_break_criteria(round_=round_)
    ranked = ranking_backend().rank(round_=round_, criteria=criteria)
    explain_ties(ranked, criteria)
    return ranked
