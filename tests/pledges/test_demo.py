"""The demo wall: signatures across the demo schools, some messages approved, some waiting, one held by
screening; loading again adds nothing."""

import pytest

from pledges.demo import demo_pledge_count, load_demo_pledges
from pledges.enums import CountScope, MessageState
from pledges.models import Pledge, PledgeCount
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_demo_wall(organiser):
    for _ in range(3):
        SchoolFactory()
    assert load_demo_pledges(count=40, organiser=organiser) == 40
    assert load_demo_pledges(count=40, organiser=organiser) == 0
    assert demo_pledge_count() == 40
    assert PledgeCount.objects.get(scope=CountScope.CITY).count == 40
    states = set(Pledge.objects.values_list("message_state", flat=True))
    assert {MessageState.APPROVED, MessageState.PENDING, MessageState.NONE} <= states
    assert Pledge.objects.filter(flagged=True, message_state=MessageState.PENDING).exists()
