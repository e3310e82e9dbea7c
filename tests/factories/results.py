"""Factories for results: a contest judged for real (sheets saved and submitted through judging's services,
the round closed and finalised), with its prize table."""

from dataclasses import dataclass, field

from contest.enums import PrizeTier
from contest.models import Prize
from judging.enums import RoundState
from judging.models import Assignment
from judging.selectors import sheet_version
from judging.services.rounds import transition_round
from judging.services.sheets import save_sheet
from tests.factories import ContestFactory, JudgeFactory, OrganiserFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

DEFAULT_PRIZES = {PrizeTier.FIRST: 1, PrizeTier.SECOND: 1, PrizeTier.THIRD: 1, PrizeTier.COMMENDATION: 2}


@dataclass
class JudgedContest:
    contest: object
    division: object
    round: object
    entries: list  # in the order of the scores given
    judges: list
    head_judge: object
    organiser: object
    extra: dict = field(default_factory=dict)


def judged_contest(
    *,
    scores: list[str],
    prizes: dict | None = None,
    judges: int = 2,
    comments: dict[int, list[str]] | None = None,
    contest=None,
    division=None,
    organiser=None,
    finalise: bool = True,
) -> JudgedContest:
    """A contest whose round scored one entry per item of `scores` (every criterion of every sheet gets that
    value, so equal values tie exactly), closed and finalised. `comments` maps an entry's index to each
    judge's comment to the entrant, in judge order."""
    organiser = organiser or OrganiserFactory()
    contest = contest or ContestFactory()
    division = division or contest.divisions.first()
    for tier, count in (DEFAULT_PRIZES if prizes is None else prizes).items():
        if count:
            Prize.objects.update_or_create(
                contest=contest, division=division, tier=tier, defaults={"count": count}
            )
    panel_judges = [JudgeFactory() for _ in range(judges)]
    panel = PanelFactory(contest=contest, division=division, judges=panel_judges)
    round_ = RoundFactory(panel=panel, judges_per_entry=judges, name="Vòng chung khảo")
    entries = [JudgeableEntryFactory(contest=contest, division=division) for _ in scores]
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    for index, (entry, value) in enumerate(zip(entries, scores, strict=True)):
        for number, judge in enumerate(panel_judges):
            assignment = Assignment.objects.get(round=round_, judge=judge, entry=entry)
            words = (comments or {}).get(index, [])
            save_sheet(
                assignment=assignment,
                actor=judge,
                base_version=sheet_version(assignment=assignment),
                scores={c.pk: value for c in criteria},
                comment_entrant=words[number] if number < len(words) else "",
                comment_organisers="Ghi chú riêng cho Ban tổ chức.",
                submit=True,
            )
    if finalise:
        transition_round(round_=round_, to_state=RoundState.CLOSED, actor=organiser)
        transition_round(round_=round_, to_state=RoundState.FINALISED, actor=organiser)
    round_.refresh_from_db()
    for entry in entries:
        entry.refresh_from_db()
    return JudgedContest(
        contest=contest,
        division=division,
        round=round_,
        entries=entries,
        judges=panel_judges,
        head_judge=panel.head_judge,
        organiser=organiser,
    )
