"""What every ranking backend gives and the rules they share. A backend turns a round's submitted sheets into
one RankedEntry per judgeable entry; the arithmetic is fixed here so that backends agree to the last bit:

- a sheet's score is its total, or, when the round normalises and its judge has at least the minimum
  number of sheets and some spread, the total moved onto the panel's overall mean and spread (z-score:
  overall_mu + overall_sd * (total - judge_mu) / judge_sd), kept within 0–100;
- a mean is the floating-point sum of the values taken in ascending order, divided by their count; a
  standard deviation is the sample one, two-pass (the squared deviations summed in the values' ascending
  order), and 0 for fewer than two values; the median is the middle value or the mean of the two middle ones;
- the trimmed mean drops floor(n × trim) values from each end (all kept if that would leave none);
- the score is the round's aggregate to 15 significant digits, then rounded half up to 3 places;
- a tie-break value is the mean of the criterion's scores on a 0–1 scale, exact, rounded half up to 6 places;
- ranks are SQL's rank() per division: by score, then the tie-break values, then the head judge's order,
  larger first and missing last (the head judge's order smaller first); rows come out by division (none
  first), rank and code."""

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from judging.models import Criterion, Round

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


class RankingBackend(ABC):
    """Ranks a round on one kind of database."""

    @abstractmethod
    def rank(self, *, round_: Round, criteria: list[Criterion]) -> list[RankedEntry]:
        """The round's entries with scores and ranks, in the order described above; `tie_broken_by` is
        left empty (explain_ties fills it, the same for every backend)."""


def tie_break_criteria(*, round_: Round) -> list[Criterion]:
    return list(
        Criterion.objects.filter(rubric_id=round_.rubric_id, tie_break_priority__isnull=False).order_by(
            "tie_break_priority", "sort_order"
        )
    )


def explain_ties(ranked: list[RankedEntry], criteria: list[Criterion]) -> None:
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
