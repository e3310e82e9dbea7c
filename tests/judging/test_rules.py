import pytest

from judging import rules
from judging.enums import RoundState
from judging.models import Assignment
from tests.factories import CoordinatorFactory, EntrantFactory, HeadJudgeFactory, JudgeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "score", "oversee", "manage", "identity"),
    [
        ("own_judge", True, False, False, False),
        ("other_judge", False, False, False, False),
        ("panel_head", False, True, False, False),
        ("other_head", False, False, False, False),
        ("organiser", False, True, True, True),
        ("entrant", False, False, False, False),
        ("coordinator", False, False, False, False),
    ],
)
def test_rules_matrix(open_round, organiser, who, score, oversee, manage, identity):
    assignment = (
        Assignment.objects.filter(round=open_round, active=True).select_related("round", "entry").first()
    )
    users = {
        "own_judge": assignment.judge,
        "other_judge": JudgeFactory(),
        "panel_head": open_round.panel.head_judge,
        "other_head": HeadJudgeFactory(),
        "organiser": organiser,
        "entrant": EntrantFactory(),
        "coordinator": CoordinatorFactory(),
    }
    user = users[who]
    assert rules.can_score(user, assignment) is score
    assert rules.can_oversee_round(user, open_round) is oversee
    assert rules.can_manage_round(user, open_round) is manage
    assert rules.can_see_entrant_identity(user) is identity


def test_cannot_score_closed_round_or_withdrawn_consent(open_round):
    assignment = (
        Assignment.objects.filter(round=open_round, active=True).select_related("round", "entry").first()
    )
    assignment.round.state = RoundState.CLOSED
    assert not rules.can_score(assignment.judge, assignment)
    assert rules.can_view_assignment(assignment.judge, assignment)
    assignment.round.state = RoundState.OPEN
    assignment.entry.consent_complete = False
    assert not rules.can_view_assignment(assignment.judge, assignment)
