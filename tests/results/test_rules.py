"""Who may do what with results, as a matrix of roles × actions."""

import pytest

from results import rules
from results.models import ContestResult
from submissions.enums import MembershipState
from submissions.models import TeamMember
from tests.factories import (
    CoordinatorFactory,
    EntrantFactory,
    HeadJudgeFactory,
    JudgeFactory,
    OrganiserFactory,
)
from tests.factories.results import judged_contest

ROLES = ["organiser", "deciding_head_judge", "other_head_judge", "panel_judge", "entrant", "coordinator"]
ORGANISER_ONLY = [
    rules.can_allocate,
    rules.can_decide_tie,
    rules.can_adjust,
    rules.can_reopen,
    rules.can_reallocate,
    rules.can_review_feedback,
    rules.can_release_feedback,
]


@pytest.fixture
def world(db):
    case = judged_contest(scores=["9", "8"], judges=1)
    result = ContestResult.objects.create(contest=case.contest, allocated_by=case.organiser)
    people = {
        "organiser": OrganiserFactory(),
        "deciding_head_judge": case.head_judge,
        "other_head_judge": HeadJudgeFactory(),
        "panel_judge": case.judges[0],
        "entrant": case.entries[0].lead_entrant,
        "coordinator": CoordinatorFactory(school=case.entries[0].lead_entrant.school),
    }
    return case, result, people


@pytest.mark.parametrize("role", ROLES)
def test_role_action_matrix(world, role):
    case, result, people = world
    user = people[role]
    organiser = role == "organiser"
    for predicate in ORGANISER_ONLY:
        assert predicate(user, result) is organiser, predicate.__name__
    assert rules.can_view_result(user, result) is (role in {"organiser", "deciding_head_judge"})
    assert rules.can_cosign(user, result) is (role == "deciding_head_judge")
    assert rules.can_view_entry_outcome(user, case.entries[0]) is (role == "entrant")
    assert rules.can_view_entry_outcome(user, case.entries[1]) is False
    school = case.entries[0].lead_entrant.school
    assert rules.can_view_school_results(user, school) is (role == "coordinator")


def test_the_allocator_may_not_cosign(world):
    case, result, _people = world
    result.allocated_by = case.head_judge
    assert not rules.can_cosign(case.head_judge, result)


def test_inactive_and_anonymous_may_do_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    case, result, people = world
    people["organiser"].is_active = False
    for user in (AnonymousUser(), people["organiser"]):
        assert not rules.can_manage_results(user)
        assert not rules.can_view_result(user, result)
        assert not rules.can_view_entry_outcome(user, case.entries[0])


def test_team_members_see_the_outcome_only_once_accepted(world):
    case, _result, _people = world
    invited, accepted = EntrantFactory(), EntrantFactory()
    TeamMember.objects.create(entry=case.entries[0], user=invited, state=MembershipState.INVITED)
    TeamMember.objects.create(entry=case.entries[0], user=accepted, state=MembershipState.ACCEPTED)
    assert not rules.can_view_entry_outcome(invited, case.entries[0])
    assert rules.can_view_entry_outcome(accepted, case.entries[0])
    assert not rules.can_view_entry_outcome(JudgeFactory(), case.entries[0])
