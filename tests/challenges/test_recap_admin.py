"""The organisers' recap screens: pick and order clips, ask for a render, poll its progress; everyone
else gets 404 for every recap id, and bad input is a 400 with nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recaps.enums import RecapState
from recaps.models import Recap, RecapItem
from tests.factories import CoordinatorFactory, EntrantFactory, JudgeFactory, OrganiserFactory
from tests.factories.recaps import make_challenge, make_public_clip, make_recap

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = DUMMY_TASKS


@pytest.fixture
def world(tmp_path):
    challenge = make_challenge()
    clips = [make_public_clip(challenge, tmp_path, i) for i in range(3)]
    return {
        "challenge": challenge,
        "clips": clips,
        "recap": make_recap(challenge),
        "organiser": OrganiserFactory(),
    }


def test_organiser_picks_and_orders_clips_then_asks_for_a_render(
    client, world, django_capture_on_commit_callbacks
):
    recap, clips = world["recap"], world["clips"]
    client.force_login(world["organiser"])
    url = reverse("recaps_clips", args=[recap.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert all(f"use_{clip.pk}" in html for clip in clips)
    assert "Nguyễn Thị Ánh" in html  # credit as consent allows (full name: identity consent given)
    data = {f"use_{clips[2].pk}": "on", f"place_{clips[2].pk}": "1", f"use_{clips[0].pk}": "on",
            f"place_{clips[0].pk}": "2", f"place_{clips[1].pk}": "3"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data | {"render": "1"})
    assert response.status_code == 302
    assert list(RecapItem.objects.filter(recap=recap).values_list("clip_id", flat=True)) == [
        clips[2].pk,
        clips[0].pk,
    ]
    recap.refresh_from_db()
    assert recap.state == RecapState.QUEUED
    progress = client.get(reverse("recaps_progress", args=[recap.pk])).json()
    assert progress["state"] == "queued"
    assert progress["progress"] == 0
    assert progress["label"] == str(RecapState.QUEUED.label)


def test_bad_place_numbers_are_400_and_nothing_changes(client, world):
    recap, clips = world["recap"], world["clips"]
    client.force_login(world["organiser"])
    url = reverse("recaps_clips", args=[recap.pk])
    for bad in ("-1", "abc", "0", "99999999999999999999", "1\u202e"):
        response = client.post(url, {f"use_{clips[0].pk}": "on", f"place_{clips[0].pk}": bad})
        assert response.status_code == 400, bad
    assert not RecapItem.objects.exists()
    recap.refresh_from_db()
    assert recap.state == RecapState.DRAFT


def test_asking_twice_while_queued_is_allowed_but_a_draft_cannot_jump_to_ready(client, world):
    client.force_login(world["organiser"])
    url = reverse("recaps_render", args=[world["recap"].pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Recap.objects.get(pk=world["recap"].pk).state == RecapState.QUEUED


@pytest.mark.parametrize("factory", [EntrantFactory, JudgeFactory, CoordinatorFactory, None])
def test_everyone_but_organisers_gets_404_or_the_sign_in_page(client, world, factory):
    recap = world["recap"]
    if factory is not None:
        client.force_login(factory())
    for name, method in (("recaps_clips", "get"), ("recaps_clips", "post"), ("recaps_render", "post"),
                         ("recaps_progress", "get")):  # fmt: skip
        response = getattr(client, method)(reverse(name, args=[recap.pk]))
        assert response.status_code in (302, 404), (name, response.status_code)
        if response.status_code == 302:
            assert "login" in response["Location"] or "dang-nhap" in response["Location"]
    assert Recap.objects.get(pk=recap.pk).state == RecapState.DRAFT


def test_unknown_recap_is_404_for_organisers_too(client, world):
    client.force_login(world["organiser"])
    for name in ("recaps_clips", "recaps_progress"):
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_pick_page_and_snippet_list_query_counts(client, world, tmp_path, django_assert_max_num_queries):
    for i in range(3, 9):
        make_public_clip(world["challenge"], tmp_path, i)
    for _ in range(5):
        make_recap(world["challenge"])
    client.force_login(world["organiser"])
    with django_assert_max_num_queries(30):
        assert client.get(reverse("recaps_clips", args=[world["recap"].pk])).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(reverse("wagtailsnippets_recaps_recap:list")).status_code == 200


def test_the_organiser_can_add_a_recap_in_the_admin(client, world):
    client.force_login(world["organiser"])
    url = reverse("wagtailsnippets_recaps_recap:add")
    assert client.get(url).status_code == 200
    data = {
        "challenge": world["challenge"].pk,
        "title": "Tổng kết thử thách",
        "end_text": "Hẹn gặp lại!",
        "shape": "9:16",
        "clip_choice": "newest",
        "newest_count": "10",
        "crossfade": "0.5",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Recap.objects.filter(title="Tổng kết thử thách", shape="9:16").exists()
