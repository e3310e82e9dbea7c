"""Organisers' queue in the Wagtail admin: filters (django-filter), approve, reject with a reason, the
audit rows, the transition table, and nobody else may moderate."""

import pytest
from django.urls import reverse

from contest.errors import DomainError, InvalidTransition, NotAllowed
from pledges.enums import MESSAGE_TRANSITIONS, MessageState
from pledges.models import Pledge, PledgeEvent
from pledges.services import approve_message, move_message, reject_message
from tests.factories import CoordinatorFactory, EntrantFactory
from tests.factories.pledges import sign

pytestmark = pytest.mark.django_db
QUEUE = reverse("pledges_queue")


@pytest.fixture
def held(pupil):
    return sign(pupil, message="Gọi cho em: 09 12 345 678")


@pytest.fixture
def clean(student):
    return sign(student, message="Cùng nhau an toàn trên mạng, các-bạn-ơi!")


def test_the_queue_shows_clean_messages_first_and_filters_by_flag(client, organiser, held, clean):
    client.force_login(organiser)
    page = client.get(QUEUE).content.decode()
    assert page.index(f'data-pledge="{clean.pk}"') < page.index(f'data-pledge="{held.pk}"')
    assert "Số điện thoại" in page
    only_phone = client.get(QUEUE, {"flag": "phone"}).content.decode()
    assert f'data-pledge="{held.pk}"' in only_phone
    assert f'data-pledge="{clean.pk}"' not in only_phone
    only_clean = client.get(QUEUE, {"flag": "clean"}).content.decode()
    assert f'data-pledge="{clean.pk}"' in only_clean
    assert f'data-pledge="{held.pk}"' not in only_clean
    assert client.get(QUEUE, {"message_state": "khong-co"}).status_code == 200


def test_an_organiser_approves_and_rejects_and_every_move_is_audited(client, organiser, held, clean):
    client.force_login(organiser)
    detail = client.get(reverse("pledges_pledge", args=[held.pk])).content.decode()
    assert "09 12 345 678" in detail
    assert "Số điện thoại" in detail
    response = client.post(reverse("pledges_approve", args=[clean.pk]))
    assert response.status_code == 302
    clean.refresh_from_db()
    assert clean.message_state == MessageState.APPROVED
    assert clean.approved_at
    assert clean.moderated_by == organiser
    assert client.post(reverse("pledges_reject", args=[held.pk]), {"reason": ""}).status_code == 302
    held.refresh_from_db()
    assert held.message_state == MessageState.PENDING
    client.post(reverse("pledges_reject", args=[held.pk]), {"reason": "Lời nhắn có số điện thoại."})
    held.refresh_from_db()
    assert held.message_state == MessageState.REJECTED
    assert held.rejection_reason == "Lời nhắn có số điện thoại."
    event = PledgeEvent.objects.filter(pledge=held).last()
    assert (event.from_state, event.to_state, event.actor, event.reason) == (
        "pending",
        "rejected",
        organiser,
        "Lời nhắn có số điện thoại.",
    )
    # The signer reads why, and the signature still counts.
    client.force_login(held.signer)
    page = client.get(reverse("pledges:sign")).content.decode()
    assert "Lời nhắn không được duyệt" in page
    assert "Lời nhắn có số điện thoại." in page
    assert Pledge.objects.count() == 2


def test_a_message_taken_down_leaves_the_wall(client, organiser, clean):
    approve_message(pledge=clean, actor=organiser)
    assert "các-bạn-ơi" in client.get(reverse("pledges:wall")).content.decode()
    reject_message(pledge=clean, actor=organiser, reason="Phụ huynh đề nghị gỡ.")
    assert "các-bạn-ơi" not in client.get(reverse("pledges:wall")).content.decode()


@pytest.mark.parametrize("from_state", [s for s in MessageState if s != MessageState.NONE])
@pytest.mark.parametrize("to_state", list(MessageState))
def test_the_transition_table(pupil, organiser, from_state, to_state):
    pledge = sign(pupil, message="Lời nhắn thử")
    Pledge.objects.filter(pk=pledge.pk).update(message_state=from_state, approved_at=pledge.created_at)
    pledge.refresh_from_db()
    if to_state in MESSAGE_TRANSITIONS[from_state]:
        move_message(pledge, to_state, actor=organiser, reason="lý do")
        assert pledge.message_state == to_state
    else:
        with pytest.raises(InvalidTransition):
            move_message(pledge, to_state, actor=organiser)


@pytest.mark.parametrize("maker", [EntrantFactory, CoordinatorFactory])
def test_nobody_else_moderates(client, held, maker):
    user = maker()
    with pytest.raises(NotAllowed):
        approve_message(pledge=held, actor=user)
    with pytest.raises(DomainError):
        reject_message(pledge=held, actor=user, reason="x")
    client.force_login(user)
    assert client.get(QUEUE).status_code in (302, 403)
    assert client.post(reverse("pledges_approve", args=[held.pk])).status_code in (302, 403)
    held.refresh_from_db()
    assert held.message_state == MessageState.PENDING


def test_a_signature_without_a_message_is_not_in_the_queue(client, organiser, teacher):
    pledge = sign(teacher)
    client.force_login(organiser)
    assert client.get(reverse("pledges_pledge", args=[pledge.pk])).status_code == 404
    assert client.post(reverse("pledges_approve", args=[pledge.pk])).status_code == 404
