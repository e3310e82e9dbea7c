import pytest

from contest.enums import Role
from judging.enums import RoundState
from judging.services.rounds import transition_round
from tests.factories import JudgeFactory, OrganiserFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory


@pytest.fixture
def organiser(db):
    return OrganiserFactory()


@pytest.fixture
def open_round(db, organiser):
    """An open round: 3 judges from 3 schools, 4 entries from other schools, R = 2."""
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges)
    round_ = RoundFactory(panel=panel, judges_per_entry=2)
    division = panel.contest.divisions.first()
    entries = [JudgeableEntryFactory(contest=panel.contest, division=division) for _ in range(4)]
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    round_.refresh_from_db()
    round_.test_judges = judges
    round_.test_entries = entries
    assert panel.head_judge.role == Role.HEAD_JUDGE
    return round_
