"""Recap videos in the app: rendering from the challenge's public clips, and a withdrawal of consent that
makes the recap stale and renders it again without that clip, automatically."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from privacy.enums import ConsentPurpose
from privacy.services.consent import set_own_consents
from recaps import services
from recaps.enums import ClipChoice, RecapState
from recaps.models import RecapEvent
from tests.factories import OrganiserFactory
from tests.factories.recap_clips import COLOURS, FREQUENCIES, centre_colours, has_colour, tone_levels
from tests.factories.recaps import make_challenge, make_public_clip, make_recap

pytestmark = pytest.mark.django_db

SECONDS = 2.0
CARD = 3.0
FADE = 0.5


@pytest.fixture(autouse=True)
def _small_recaps(settings):
    settings.RECAP_SHORT_SIDE = 180


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as they are enqueued, on every queue (renders go to `media`)."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }


def _local(tmp_path, key):
    target = tmp_path / key.replace("/", "_")
    with default_storage.open(key, "rb") as stored:
        target.write_bytes(stored.read())
    return target


def test_withdrawn_consent_makes_the_recap_stale_and_it_is_rendered_again_without_the_clip(
    tmp_path, immediate_tasks, django_capture_on_commit_callbacks
):
    challenge = make_challenge()
    clips = [make_public_clip(challenge, tmp_path, i, seconds=SECONDS) for i in range(3)]
    organiser = OrganiserFactory()
    recap = make_recap(challenge, crossfade=FADE)
    services.set_recap_clips(recap=recap, clip_ids=[clips[2].pk, clips[0].pk, clips[1].pk], actor=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_render(recap=recap, actor=organiser)
    recap.refresh_from_db()
    assert recap.state == RecapState.READY, recap.error
    assert recap.rendered_clip_ids == [clips[2].pk, clips[0].pk, clips[1].pk]
    assert recap.progress == 100
    first_video = recap.video.name
    assert abs(recap.duration_seconds - (2 * CARD + 3 * SECONDS - 4 * FADE)) <= 0.1
    before = _local(tmp_path, first_video)
    assert has_colour(centre_colours(before, every=0.1), COLOURS[1][1])

    # The second clip's author withdraws consent to show her work.
    author = clips[1].author
    with django_capture_on_commit_callbacks(execute=True):
        set_own_consents(entrant=author, purposes=[ConsentPurpose.PARTICIPATION], actor=author)

    recap.refresh_from_db()
    moves = list(RecapEvent.objects.filter(recap=recap).values_list("from_state", "to_state"))
    assert (RecapState.READY, RecapState.STALE) in moves
    assert (RecapState.STALE, RecapState.QUEUED) in moves
    assert recap.state == RecapState.READY, recap.error
    assert recap.rendered_clip_ids == [clips[2].pk, clips[0].pk]
    assert not default_storage.exists(first_video)  # the video that showed her clip is gone
    assert abs(recap.duration_seconds - (2 * CARD + 2 * SECONDS - 3 * FADE)) <= 0.1
    after = _local(tmp_path, recap.video.name)
    samples = centre_colours(after, every=0.1)
    assert has_colour(samples, COLOURS[0][1])
    assert has_colour(samples, COLOURS[2][1])
    assert not has_colour(samples, COLOURS[1][1])
    levels = tone_levels(after, FREQUENCIES[:3])
    assert levels[FREQUENCIES[1]] < 0.02 < min(levels[FREQUENCIES[0]], levels[FREQUENCIES[2]]), levels


def test_newest_clips_mode_and_a_recap_with_no_public_clip_fails_with_a_reason(
    tmp_path, immediate_tasks, django_capture_on_commit_callbacks
):
    challenge = make_challenge()
    organiser = OrganiserFactory()
    empty = make_recap(challenge, clip_choice=ClipChoice.NEWEST, newest_count=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_render(recap=empty, actor=organiser)
    empty.refresh_from_db()
    assert empty.state == RecapState.FAILED
    assert "Chưa có clip nào" in empty.error

    clips = [make_public_clip(challenge, tmp_path, i, seconds=SECONDS) for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_render(recap=empty, actor=organiser)
    empty.refresh_from_db()
    assert empty.state == RecapState.READY, empty.error
    # Newest approval first: clips[0] was approved last.
    assert empty.rendered_clip_ids == [clips[0].pk, clips[1].pk]


def test_a_superseded_render_throws_its_result_away(tmp_path, immediate_tasks):
    challenge = make_challenge()
    clip = make_public_clip(challenge, tmp_path, 0, seconds=SECONDS)
    recap = make_recap(challenge)
    services.set_recap_clips(recap=recap, clip_ids=[clip.pk], actor=None)
    services.queue_render(recap=recap)  # no on_commit run: the task is not enqueued yet
    recap.refresh_from_db()
    old_token = str(recap.render_token)
    services.queue_render(recap=recap)  # asked again: a new token
    assert services.render_recap(recap_id=recap.pk, token=old_token) == "skipped"
    recap.refresh_from_db()
    assert services.render_recap(recap_id=recap.pk, token=str(recap.render_token)) == "ready"
    assert services.render_recap(recap_id=recap.pk, token=str(recap.render_token)) == "skipped"


def test_only_approved_clips_of_the_same_challenge_can_be_chosen(tmp_path):
    from contest.errors import DomainError

    challenge, other = make_challenge(), make_challenge()
    mine = make_public_clip(challenge, tmp_path, 0)
    theirs = make_public_clip(other, tmp_path, 1)
    recap = make_recap(challenge)
    with pytest.raises(DomainError, match="đã duyệt của thử thách này"):
        services.set_recap_clips(recap=recap, clip_ids=[mine.pk, theirs.pk], actor=None)
    with pytest.raises(DomainError, match="một lần"):
        services.set_recap_clips(recap=recap, clip_ids=[mine.pk, mine.pk], actor=None)
    assert not recap.items.exists()
