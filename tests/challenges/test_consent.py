"""Consent decides the wall: under-16s need a guardian's consent to show the work, names need their own
consent, and a withdrawal takes clips off the wall at once and tells the recap (clip_left_public)."""

import pytest
from django.urls import reverse

from challenges import selectors
from challenges.enums import ClipEventKind, ClipState
from challenges.services.moderation import approve_clip, withdraw_clip, withdraw_clip_from_public
from challenges.signals import clip_left_public
from privacy.enums import ConsentPurpose
from privacy.services.consent import set_own_consents, withdraw_guardian_consent
from tests.challenges.conftest import DISPLAY, DISPLAY_ALL, consent
from tests.factories.clips import ClipFactory
from tests.factories.privacy import GuardianRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, clip_id, reason, **kwargs):
        calls.append((clip_id, reason))

    clip_left_public.connect(receiver)
    yield calls
    clip_left_public.disconnect(receiver)


def approved(challenge, author, organiser):
    clip = ClipFactory(
        challenge=challenge, author=author, state=ClipState.PENDING, probe={"width": 320, "height": 240}
    )
    return approve_clip(clip=clip, actor=organiser)


def on_wall(client, challenge, clip) -> bool:
    return (
        f"wall-clip-{clip.pk}"
        in client.get(reverse("challenges:detail", args=[challenge.slug])).content.decode()
    )


def test_under_16_without_guardian_consent_is_never_on_the_wall(client, challenge, pupil, organiser):
    consent(pupil, guardian=False)  # her own consent only
    clip = approved(challenge, pupil, organiser)
    assert clip.state == ClipState.APPROVED
    assert not clip.on_wall
    assert not on_wall(client, challenge, clip)
    assert selectors.public_clips(challenge=challenge) == []
    assert not selectors.is_clip_public(clip=clip)
    assert client.get(reverse("challenges:clip_file", args=[clip.pk, "poster.jpg"])).status_code == 404


def test_under_16_with_guardian_consent_is_shown_by_first_name(client, challenge, pupil, organiser):
    consent(pupil, purposes=DISPLAY, guardian=True)
    clip = approved(challenge, pupil, organiser)
    assert clip.on_wall
    (shown,) = selectors.public_clips(challenge=challenge)
    assert shown.credit == "Lan N."


def test_name_needs_the_guardian_too_under_16(challenge, pupil, organiser):
    from tests.factories.privacy import ConsentFactory

    consent(pupil, purposes=DISPLAY, guardian=True)
    ConsentFactory(subject=pupil, purpose=ConsentPurpose.DISPLAY_IDENTITY)  # hers only
    approved(challenge, pupil, organiser)
    (shown,) = selectors.public_clips(challenge=challenge)
    assert shown.credit == "Lan N."
    ConsentFactory(
        subject=pupil, purpose=ConsentPurpose.DISPLAY_IDENTITY, giver="guardian", method="guardian_link"
    )
    (shown,) = selectors.public_clips(challenge=challenge)
    assert shown.credit == "Nguyễn Thị Lan"


def test_adults_in_other_roles_agree_by_sending(challenge, teacher, organiser):
    approved(challenge, teacher, organiser)
    (shown,) = selectors.public_clips(challenge=challenge)
    assert shown.credit == "Lê Văn Hùng"


def test_guardian_withdrawal_takes_the_clip_off_at_once_and_tells_the_recap(
    client, challenge, pupil, organiser, heard, django_capture_on_commit_callbacks
):
    consent(pupil, purposes=DISPLAY_ALL, guardian=True)
    request = GuardianRequestFactory(entrant=pupil)
    clip = approved(challenge, pupil, organiser)
    assert on_wall(client, challenge, clip)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_guardian_consent(request=request)
    assert heard == [(clip.pk, "consent")]
    clip.refresh_from_db()
    assert clip.state == ClipState.APPROVED  # the organiser's decision stands; consent hides it
    assert not clip.on_wall
    assert not on_wall(client, challenge, clip)
    assert clip.events.filter(kind=ClipEventKind.OFF_WALL).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        set_own_consents(entrant=pupil, purposes=[ConsentPurpose.PARTICIPATION], actor=pupil)
    assert heard == [(clip.pk, "consent")]  # told once per cause, not on every later change


def test_own_withdrawal_of_display_consent_takes_clip_off(
    challenge, student, organiser, heard, django_capture_on_commit_callbacks
):
    consent(student, purposes=DISPLAY, guardian=False)
    clip = approved(challenge, student, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        set_own_consents(entrant=student, purposes=[ConsentPurpose.PARTICIPATION], actor=student)
    assert heard == [(clip.pk, "consent")]
    assert selectors.public_clips(challenge=challenge) == []
    with django_capture_on_commit_callbacks(execute=True):
        set_own_consents(
            entrant=student,
            purposes=[ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK],
            actor=student,
        )
    clip.refresh_from_db()
    assert clip.on_wall  # consent given again: back on the wall
    assert len(selectors.public_clips(challenge=challenge)) == 1


def test_wall_reads_consent_even_if_no_listener_ran(challenge, student, organiser):
    from privacy.models import Consent

    consent(student, purposes=DISPLAY, guardian=False)
    approved(challenge, student, organiser)
    Consent.objects.filter(subject=student, purpose=ConsentPurpose.DISPLAY_WORK).delete()
    assert selectors.public_clips(challenge=challenge) == []


def test_author_withdraws_a_public_clip(
    client, challenge, student, organiser, heard, django_capture_on_commit_callbacks
):
    consent(student, purposes=DISPLAY, guardian=False)
    clip = approved(challenge, student, organiser)
    client.force_login(student)
    response = client.post(reverse("challenges:withdraw", args=[clip.pk]), {})
    assert response.status_code == 302
    clip.refresh_from_db()
    assert clip.state == ClipState.APPROVED  # no confirmation ticked
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("challenges:withdraw", args=[clip.pk]), {"confirm": "on"})
    clip.refresh_from_db()
    assert clip.state == ClipState.WITHDRAWN
    assert heard == [(clip.pk, "withdrawn")]
    client.logout()
    assert not on_wall(client, challenge, clip)
    assert client.get(reverse("challenges:clip_file", args=[clip.pk, "poster.jpg"])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_clip_from_public(clip=clip)  # again: nothing more to say
    assert heard == [(clip.pk, "withdrawn")]


def test_withdrawing_a_clip_never_shown_tells_nobody(
    challenge, pupil, heard, django_capture_on_commit_callbacks
):
    clip = ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_clip(clip=clip, actor=pupil)
    assert heard == []


def test_taking_down_an_approved_clip_tells_the_recap(
    challenge, student, organiser, heard, django_capture_on_commit_callbacks
):
    from challenges.services.moderation import reject_clip

    consent(student, purposes=DISPLAY, guardian=False)
    clip = approved(challenge, student, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        reject_clip(clip=clip, actor=organiser, reason="Lộ biển số nhà.")
    assert heard == [(clip.pk, "rejected")]


def test_erasing_the_account_withdraws_and_deletes_clips(
    challenge, student, organiser, heard, django_capture_on_commit_callbacks
):
    from challenges.models import Clip
    from privacy.services.data_rights import delete_personal_data

    consent(student, purposes=DISPLAY, guardian=False)
    clip = approved(challenge, student, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        delete_personal_data(user=student, actor=student)
    assert heard == [(clip.pk, "withdrawn")]
    assert not Clip.objects.filter(pk=clip.pk).exists()
