"""Ranking a round; the work is done by judging.services.ranking, one backend per database."""

from judging.services.ranking import RankedEntry, compute_ranking, tie_break_criteria

__all__ = ["RankedEntry", "compute_ranking", "tie_break_criteria"]
