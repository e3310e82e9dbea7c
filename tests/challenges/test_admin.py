"""Organisers define challenges in the Wagtail admin (Snippets): dates, length and hashtag are checked."""

import pytest
from django.urls import reverse

from challenges.models import Challenge
from tests.factories import EntrantFactory

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "title": "Thử thách “Mật khẩu mạnh”",
        "title_en": "The “Strong password” challenge",
        "slug": "mat-khau-manh",
        "prompt": "Quay 30 giây: mật khẩu mạnh của em trông thế nào (đừng đọc mật khẩu thật)?",
        "prompt_en": "Film 30 seconds: what does a strong password look like (don't read out a real one)?",
        "hashtag": "#niemtinso",
        "opens_at": "2026-05-01 08:00",
        "closes_at": "2026-06-01 20:00",
        "max_seconds": "60",
        "max_bytes": str(200 * 1024 * 1024),
        "max_clips_per_person": "2",
        "is_active": "on",
    }
    return data | overrides


def test_organiser_creates_a_challenge(client, organiser):
    client.force_login(organiser)
    add = reverse("wagtailsnippets_challenges_challenge:add")
    assert client.get(add).status_code == 200
    response = client.post(add, form())
    assert response.status_code == 302, response.content.decode()[:2000]
    challenge = Challenge.objects.get(slug="mat-khau-manh")
    assert challenge.max_seconds == 60
    assert client.get(reverse("wagtailsnippets_challenges_challenge:list")).status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("closes_at", "2026-04-01 08:00"),
        ("max_seconds", "3600"),
        ("hashtag", "khong co dau thang"),
        ("max_seconds", "2"),
    ],
)
def test_bad_challenge_settings_are_refused(client, organiser, field, value):
    client.force_login(organiser)
    response = client.post(reverse("wagtailsnippets_challenges_challenge:add"), form(**{field: value}))
    assert response.status_code == 200  # the form again, with the error
    assert not Challenge.objects.exists()


def test_pupils_cannot_reach_the_admin(client):
    client.force_login(EntrantFactory())
    response = client.get(reverse("wagtailsnippets_challenges_challenge:add"))
    assert response.status_code == 302


def test_english_pages_use_the_english_title(client, challenge, pupil):
    challenge.title_en = "The “No bad secrets” challenge"
    challenge.save()
    page = client.get("/en" + reverse("challenges:detail", args=[challenge.slug])).content.decode()
    assert "The “No bad secrets” challenge" in page
    assert "Clips sent in" in page
    assert "Các clip hưởng ứng" not in page
    client.force_login(pupil)
    page = client.get(f"/en/thu-thach/{challenge.slug}/gui-clip/").content.decode()
    assert "Send a challenge clip" in page
