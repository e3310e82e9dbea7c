"""Reads of feedback: the organisers' review list, and what an entrant or a school may see of it. What an
entrant sees never says who wrote a comment or gave a score: comments come sorted by their words, scores
as the mean per criterion."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet

from judging.enums import SheetState
from judging.models import Criterion, Score, ScoreSheet
from results.enums import FeedbackState, ResultState
from results.models import Award, ContestResult, FeedbackComment
from results.selectors.prizes import OUT_OF_CONTEST
from submissions.selectors.schools import school_entries


@dataclass
class CriterionMean:
    name: str
    mean: object
    min_score: object
    max_score: object


@dataclass
class EntryOutcome:
    award: Award | None = None
    published: bool = False
    released: bool = False
    comments: list[str] = field(default_factory=list)
    scores: list[CriterionMean] = field(default_factory=list)


def comments_for_review(*, result: ContestResult) -> QuerySet[FeedbackComment]:
    return (
        FeedbackComment.objects.filter(result=result)
        .select_related("entry")
        .order_by("state", "entry__code", "pk")
    )


def feedback_counts(*, result: ContestResult) -> dict[str, int]:
    counts = dict(
        FeedbackComment.objects.filter(result=result).values_list("state").annotate(n=Count("pk")).order_by()
    )
    return {state: counts.get(state, 0) for state in FeedbackState.values}


def criterion_means(*, entry) -> list[CriterionMean]:
    """The entry's mean score per criterion in the last round that scored it (submitted sheets only)."""
    last = (
        ScoreSheet.objects.filter(assignment__entry=entry, state=SheetState.SUBMITTED)
        .order_by("-assignment__round_id")
        .values_list("assignment__round_id", "assignment__round__rubric_id")
        .first()
    )
    if last is None:
        return []
    round_id, rubric_id = last
    means = dict(
        Score.objects.filter(
            sheet__state=SheetState.SUBMITTED,
            sheet__assignment__entry=entry,
            sheet__assignment__round_id=round_id,
        )
        .values_list("criterion_id")
        .annotate(mean=Avg("value"))
        .order_by()
    )
    return [
        CriterionMean(c.name, round(means[c.pk], 2), c.min_score, c.max_score)
        for c in Criterion.objects.filter(rubric_id=rubric_id).order_by("sort_order", "pk")
        if c.pk in means
    ]


def entry_outcome(*, entry) -> EntryOutcome:
    """What the entrant sees of the results on their entry: the prize once published; the approved
    comments and (if the organiser allows) the criterion means once feedback is released."""
    result = ContestResult.objects.filter(contest_id=entry.contest_id).first()
    outcome = EntryOutcome()
    if result is None or result.state != ResultState.PUBLISHED or entry.state in OUT_OF_CONTEST:
        return outcome
    outcome.published = True
    outcome.award = Award.objects.filter(result=result, entry=entry).first()
    if result.feedback_released:
        outcome.released = True
        outcome.comments = sorted(
            FeedbackComment.objects.filter(
                result=result, entry=entry, state=FeedbackState.APPROVED
            ).values_list("text", flat=True)
        )
        if result.show_scores:
            outcome.scores = criterion_means(entry=entry)
    return outcome


def school_results(*, school) -> list[dict]:
    """The school's entries in contests whose results are published: the prize and whether feedback was
    released (and how many comments), for the coordinator's table."""
    entries = (
        school_entries(school=school)
        .filter(contest__result__state=ResultState.PUBLISHED)
        .exclude(state__in=OUT_OF_CONTEST)
        .select_related("contest", "contest__result", "lead_entrant", "award")
        .annotate(comments=Count("feedback", filter=Q(feedback__state=FeedbackState.APPROVED), distinct=True))
        .order_by("contest__title", "code")
    )
    rows = []
    for entry in entries:
        award = getattr(entry, "award", None)
        rows.append(
            {
                "entry": entry,
                "pupil": entry.lead_entrant,
                "contest": entry.contest,
                "award": award,
                "released": entry.contest.result.feedback_released,
                "comments": entry.comments if entry.contest.result.feedback_released else 0,
            }
        )
    return rows
