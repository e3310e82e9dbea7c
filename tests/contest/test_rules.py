import pytest
from django.contrib.auth.models import AnonymousUser

from contest import rules
from contest.enums import Role
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "entrant", "coordinator", "judge", "head_judge", "organiser", "inactive_organiser"]

# Expected answer of each predicate for each role: the roles × actions matrix.
MATRIX = {
    "is_organiser": {"organiser"},
    "can_manage_contests": {"organiser"},
    "can_access_cms_admin": {"organiser"},
    "is_head_judge": {"head_judge"},
    "is_judge": {"judge", "head_judge"},
    "can_score": {"judge", "head_judge"},
    "can_oversee_judging": {"head_judge", "organiser"},
    "is_coordinator": {"coordinator"},
    "is_entrant": {"entrant"},
    "can_enter_contest": {"entrant", "coordinator"},
    "is_safeguarding_officer": set(),
}


def make_user(role_name):
    if role_name == "anonymous":
        return AnonymousUser()
    if role_name == "inactive_organiser":
        return UserFactory(role=Role.ORGANISER, is_active=False)
    return UserFactory(role=role_name)


@pytest.mark.parametrize("role_name", ROLES)
@pytest.mark.parametrize("predicate", sorted(MATRIX))
def test_rules_matrix_role_action(role_name, predicate):
    user = make_user(role_name)
    assert getattr(rules, predicate)(user) is (role_name in MATRIX[predicate])


def test_rules_safeguarding_officer_needs_organiser_role():
    officer = UserFactory(role=Role.ORGANISER, is_safeguarding_officer=True)
    judge_with_flag = UserFactory(role=Role.JUDGE, is_safeguarding_officer=True)
    assert rules.is_safeguarding_officer(officer)
    assert not rules.is_safeguarding_officer(judge_with_flag)


def test_rules_coordinator_sees_only_own_school():
    own, other = SchoolFactory(), SchoolFactory()
    coordinator = UserFactory(role=Role.COORDINATOR, school=own)
    assert rules.can_view_school(coordinator, own)
    assert not rules.can_view_school(coordinator, other)
    assert rules.can_view_school(UserFactory(role=Role.ORGANISER), other)
    assert not rules.can_view_school(UserFactory(role=Role.ENTRANT, school=own), own)
