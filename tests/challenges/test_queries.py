"""List views read a fixed number of queries whatever the number of clips; the campaign report's counts."""

import pytest
from django.urls import reverse

from challenges import selectors
from challenges.enums import ClipState
from challenges.services.moderation import approve_clip
from tests.challenges.conftest import DISPLAY, consent, years_ago
from tests.factories import CoordinatorFactory, EntrantFactory
from tests.factories.clips import ChallengeFactory, ClipFactory

pytestmark = pytest.mark.django_db


def fill_wall(challenge, organiser, n):
    """n approved clips by as many authors: pupils with and without consent, students, teachers."""
    for i in range(n):
        if i % 3 == 0:
            author = CoordinatorFactory(full_name=f"Lê Văn Thầy {i}")
        else:
            author = EntrantFactory(full_name=f"Phạm Thị Hồng {i}", date_of_birth=years_ago(13 + i % 8))
            consent(author, purposes=DISPLAY, guardian=i % 2 == 0)
        clip = ClipFactory(
            challenge=challenge, author=author, state=ClipState.PENDING, probe={"width": 1, "height": 2}
        )
        approve_clip(clip=clip, actor=organiser)


@pytest.mark.parametrize("n", [3, 30])
def test_wall_queries_do_not_grow(client, challenge, organiser, n, django_assert_max_num_queries):
    fill_wall(challenge, organiser, n)
    # The first page ever drawn also creates the site's safety settings row: count a page like the others.
    client.get(reverse("challenges:detail", args=[challenge.slug]))
    # The page frame (session, user, site settings, menus) costs the same on every page; the wall adds three.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("challenges:detail", args=[challenge.slug]))
    assert response.status_code == 200
    assert response.content.decode().count('class="card" id="wall-clip-') == min(
        len(selectors.public_clips(challenge=challenge, limit=None)), selectors.WALL_PAGE_SIZE
    )


def test_wall_pages(client, challenge, organiser):
    fill_wall(challenge, organiser, selectors.WALL_PAGE_SIZE + 6)
    shown = len(selectors.public_clips(challenge=challenge, limit=None))
    first = client.get(reverse("challenges:detail", args=[challenge.slug])).content.decode()
    assert 'rel="next"' in first
    second = client.get(reverse("challenges:detail", args=[challenge.slug]) + "?p=2").content.decode()
    assert second.count('id="wall-clip-') <= shown - first.count('id="wall-clip-') + 6
    assert client.get(reverse("challenges:detail", args=[challenge.slug]) + "?p=abc").status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_my_clips_and_index_queries(client, pupil, n, django_assert_max_num_queries):
    challenges = [ChallengeFactory() for _ in range(3)]
    for i in range(n):
        ClipFactory(challenge=challenges[i % 3], author=pupil, state=ClipState.PENDING)
    client.force_login(pupil)
    with django_assert_max_num_queries(17):
        assert client.get(reverse("challenges:mine")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("challenges:send", args=[challenges[0].slug])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("challenges:index")).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_moderation_queue_queries(client, organiser, challenge, n, django_assert_max_num_queries):
    for i in range(n):
        author = EntrantFactory(full_name=f"Võ Thị Ngọc {i}")
        ClipFactory(challenge=challenge, author=author, state=ClipState.PENDING)
    client.force_login(organiser)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("challenges_queue"))
    assert response.status_code == 200
    assert response.content.decode().count("data-clip=") == n


def test_report_counts_by_state_without_personal_data(challenge, pupil, django_assert_num_queries):
    other = ChallengeFactory(title="Thử thách thứ hai", hashtag="#niemtinso")
    ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)
    ClipFactory(challenge=challenge, author=pupil, state=ClipState.APPROVED)
    ClipFactory(challenge=challenge, author=pupil, state=ClipState.APPROVED)
    ClipFactory(challenge=other, author=pupil, state=ClipState.WITHDRAWN)
    with django_assert_num_queries(2):
        report = selectors.report_counts()
    rows = {row["challenge_id"]: row for row in report}
    assert rows[challenge.pk]["by_state"]["approved"] == 2
    assert rows[challenge.pk]["by_state"]["pending"] == 1
    assert rows[challenge.pk]["total"] == 3
    assert rows[other.pk]["by_state"]["withdrawn"] == 1
    assert set(rows[challenge.pk]) == {"challenge_id", "title", "hashtag", "total", "by_state"}
    assert pupil.full_name not in str(report)
    assert pupil.email not in str(report)
