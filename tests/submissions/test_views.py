import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from submissions.enums import EntryState, MembershipState
from submissions.models import Entry
from submissions.rules import can_download_original, can_edit_entry, can_view_entry
from submissions.services.entries import set_team_members, submit_entry
from submissions.services.teams import transition_membership
from tests.factories import CoordinatorFactory, EntrantFactory, JudgeFactory, OrganiserFactory
from tests.factories.entries import (
    add_file,
    comic_contest,
    draft_entry,
    essay_contest,
    png_bytes,
    video_contest,
)

pytestmark = pytest.mark.django_db


def test_enter_contest_double_post_with_same_key_creates_one_entry(client):
    contest = video_contest(entries_per_entrant=2)
    entrant = EntrantFactory()
    client.force_login(entrant)
    key = str(uuid.uuid4())
    url = reverse("submissions:enter", args=[contest.pk])
    first = client.post(url, {"idempotency_key": key})
    second = client.post(url, {"idempotency_key": key})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Entry.objects.filter(lead_entrant=entrant).count() == 1


def test_enter_closed_contest_is_4xx_with_message(client):
    contest = video_contest(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(EntrantFactory())
    response = client.post(
        reverse("submissions:enter", args=[contest.pk]), {"idempotency_key": str(uuid.uuid4())}
    )
    assert response.status_code == 403
    assert "hết hạn" in response.content.decode()
    assert not Entry.objects.exists()


def test_enter_unknown_contest_is_404(client):
    client.force_login(EntrantFactory())
    assert (
        client.post(
            reverse("submissions:enter", args=[999999]), {"idempotency_key": str(uuid.uuid4())}
        ).status_code
        == 404
    )


def test_edit_page_shows_limits_and_statement_reminder(client):
    entry = draft_entry(contest=comic_contest())
    client.force_login(entry.lead_entrant)
    page = client.get(reverse("submissions:edit", args=[entry.pk])).content.decode()
    assert "Đừng ghi tên em, tên trường" in page
    assert 'data-max-bytes="10485760"' in page
    assert ".png" in page
    assert "PNG, WEBP" in page
    assert "upload.js" in page


def test_autosave_saves_draft_and_reports_time(client):
    entry = draft_entry(contest=essay_contest())
    client.force_login(entry.lead_entrant)
    response = client.post(
        reverse("submissions:autosave", args=[entry.pk]),
        {"title": "Lưới trời", "statement": "Về lừa đảo", "text": "Em viết bài này"},
    )
    assert response.status_code == 200
    assert "Đã tự lưu" in response.json()["message"]
    entry.refresh_from_db()
    assert (entry.title, entry.text) == ("Lưới trời", "Em viết bài này")


def test_autosave_after_deadline_is_refused_and_keeps_draft(client):
    entry = draft_entry(contest=essay_contest(), text="Bản cũ")
    entry.contest.closes_at = timezone.now() - timedelta(seconds=1)
    entry.contest.save()
    client.force_login(entry.lead_entrant)
    response = client.post(
        reverse("submissions:autosave", args=[entry.pk]), {"title": "", "statement": "", "text": ""}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.text == "Bản cũ"


def test_move_asset_buttons_reorder_pages(client):
    entry = draft_entry(contest=comic_contest())
    pages = [add_file(entry=entry, data=png_bytes(label=str(n)), name=f"trang{n}.png") for n in (1, 2, 3)]
    client.force_login(entry.lead_entrant)
    client.post(reverse("submissions:asset_move", args=[pages[2].pk]), {"direction": "up"})
    client.post(reverse("submissions:asset_move", args=[pages[0].pk]), {"direction": "down"})
    order = list(entry.assets.order_by("position").values_list("original_name", flat=True))
    assert order == ["trang3.png", "trang1.png", "trang2.png"]
    assert list(entry.assets.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


def test_delete_asset_renumbers_pages(client):
    entry = draft_entry(contest=comic_contest())
    pages = [add_file(entry=entry, data=png_bytes(label=str(n)), name=f"trang{n}.png") for n in (1, 2, 3)]
    client.force_login(entry.lead_entrant)
    client.post(reverse("submissions:asset_delete", args=[pages[0].pk]))
    assert list(entry.assets.order_by("position").values_list("original_name", "position")) == [
        ("trang2.png", 1),
        ("trang3.png", 2),
    ]


def test_submit_view_shows_receipt_and_sends_mail(
    client, django_capture_on_commit_callbacks, immediate_tasks
):
    entry = draft_entry(contest=comic_contest(min_files=2))
    add_file(entry=entry, data=png_bytes(label="1"), name="trang1.png")
    add_file(entry=entry, data=png_bytes(label="2"), name="trang2.png")
    client.force_login(entry.lead_entrant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:submit", args=[entry.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert entry.code in page
    assert "trang1.png" in page
    assert len(mail.outbox) == 1


def test_submit_view_after_deadline_is_403_and_keeps_entry(client):
    entry = draft_entry(contest=comic_contest(min_files=2))
    add_file(entry=entry, data=png_bytes(label="1"), name="trang1.png")
    add_file(entry=entry, data=png_bytes(label="2"), name="trang2.png")
    entry.contest.closes_at = timezone.now() - timedelta(seconds=1)
    entry.contest.save()
    client.force_login(entry.lead_entrant)
    response = client.post(reverse("submissions:submit", args=[entry.pk]))
    assert response.status_code == 403
    assert "hết hạn" in response.content.decode()
    entry.refresh_from_db()
    assert entry.state == EntryState.DRAFT
    assert entry.assets.count() == 2


def test_file_name_is_shown_escaped(client):
    entry = draft_entry(contest=comic_contest())
    add_file(entry=entry, data=png_bytes(), name="<img src=x onerror=alert(1)>.png")
    client.force_login(entry.lead_entrant)
    page = client.get(reverse("submissions:edit", args=[entry.pk])).content.decode()
    assert "<img src=x onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("submissions:edit", "get"),
        ("submissions:receipt", "get"),
        ("submissions:withdraw", "get"),
        ("submissions:submit", "post"),
        ("submissions:autosave", "post"),
        ("submissions:team", "post"),
        ("submissions:upload_start", "post"),
    ],
)
def test_someone_elses_entry_answers_404(client, name, method):
    entry = draft_entry(contest=essay_contest(), text="một hai ba bốn năm")
    submit_entry(entry=entry, actor=entry.lead_entrant)
    client.force_login(EntrantFactory())
    response = getattr(client, method)(reverse(name, args=[entry.pk]))
    assert response.status_code == 404


def test_someone_elses_file_answers_404(client):
    entry = draft_entry(contest=comic_contest())
    asset = add_file(entry=entry, data=png_bytes(), name="trang1.png")
    client.force_login(EntrantFactory())
    assert client.get(reverse("submissions:asset_download", args=[asset.pk])).status_code == 404
    assert (
        client.post(reverse("submissions:asset_move", args=[asset.pk]), {"direction": "up"}).status_code
        == 404
    )
    assert client.post(reverse("submissions:asset_delete", args=[asset.pk])).status_code == 404
    assert entry.assets.count() == 1


def test_download_original_streams_to_owner_and_organiser(client):
    entry = draft_entry(contest=comic_contest())
    data = png_bytes()
    asset = add_file(entry=entry, data=data, name="trang1.png")
    client.force_login(entry.lead_entrant)
    response = client.get(reverse("submissions:asset_download", args=[asset.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert "private" in response["Cache-Control"]
    client.force_login(OrganiserFactory())
    assert client.get(reverse("submissions:asset_download", args=[asset.pk])).status_code == 200


def test_rules_matrix():
    entry = draft_entry(contest=video_contest(team_size_max=3))
    asset = add_file(entry=entry, data=b"\x00\x00\x00\x18ftypmp42" + b"x" * 100, name="phim.mp4")
    friend = EntrantFactory()
    invited = EntrantFactory()
    set_team_members(
        entry=entry,
        actor=entry.lead_entrant,
        members=[{"name": "", "email": friend.email}, {"name": "", "email": invited.email}],
    )
    transition_membership(
        member=entry.team_members.get(user=friend), actor=friend, to_state=MembershipState.ACCEPTED
    )
    coordinator = CoordinatorFactory(school=entry.lead_entrant.school)
    other_coordinator = CoordinatorFactory()
    cases = {
        "lead": (entry.lead_entrant, True, True, True),
        "team": (friend, True, True, True),
        "invited, not yet accepted": (invited, False, False, False),
        # Coordinators see renditions on their own pages, never the entrant's pages or originals.
        "coordinator": (coordinator, False, False, False),
        "other coordinator": (other_coordinator, False, False, False),
        "stranger": (EntrantFactory(), False, False, False),
        "judge": (JudgeFactory(), False, False, False),
        "organiser": (OrganiserFactory(), False, False, True),
    }
    for label, (user, view, edit, download) in cases.items():
        entry = Entry.objects.get(pk=entry.pk)
        assert can_view_entry(user, entry) is view, label
        assert can_edit_entry(user, entry) is edit, label
        assert can_download_original(user, asset) is download, label


def test_team_member_sees_entry_in_my_entries(client):
    entry = draft_entry(contest=video_contest(team_size_max=3))
    friend = EntrantFactory()
    set_team_members(entry=entry, actor=entry.lead_entrant, members=[{"name": "", "email": friend.email}])
    client.force_login(friend)
    assert entry.code not in client.get(reverse("submissions:my_entries")).content.decode()
    transition_membership(
        member=entry.team_members.get(user=friend), actor=friend, to_state=MembershipState.ACCEPTED
    )
    assert entry.code in client.get(reverse("submissions:my_entries")).content.decode()
    assert client.get(reverse("submissions:edit", args=[entry.pk])).status_code == 200


def test_my_entries_query_count_does_not_grow(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    entrant = EntrantFactory()
    client.force_login(entrant)

    def add_entry_with_pages(n):
        entry = draft_entry(contest=comic_contest(), entrant=entrant)
        for page in range(3):
            add_file(
                entry=entry,
                data=png_bytes(label=f"{n}-{page}", color=(page * 40, n * 30, 10)),
                name=f"t{page}.png",
            )

    add_entry_with_pages(0)
    client.get(reverse("submissions:my_entries"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("submissions:my_entries"))
    add_entry_with_pages(1)
    add_entry_with_pages(2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("submissions:my_entries"))
    assert len(one.captured_queries) <= 17  # one of them reads the privacy setting, once per page
    page = response.content.decode()
    assert page.count("Đã tải lên") == 9
    assert "Việc cần làm" in page


def test_enter_at_the_limit_leads_to_the_existing_draft(client):
    contest = video_contest(entries_per_entrant=1)
    entry = draft_entry(contest=contest)
    client.force_login(entry.lead_entrant)
    response = client.get(reverse("submissions:enter", args=[contest.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:edit", args=[entry.pk])


def test_enter_at_the_limit_with_several_entries_offers_no_new_one(client):
    contest = video_contest(entries_per_entrant=2)
    first = draft_entry(contest=contest)
    draft_entry(contest=contest, entrant=first.lead_entrant)
    client.force_login(first.lead_entrant)
    html = client.get(reverse("submissions:enter", args=[contest.pk])).content.decode()
    assert 'id="at-limit"' in html
    assert "Bắt đầu bài dự thi mới" not in html


def test_enter_after_withdrawing_offers_a_new_entry(client):
    from submissions.services.entries import withdraw_entry

    contest = video_contest(entries_per_entrant=1)
    entry = draft_entry(contest=contest)
    withdraw_entry(entry=entry, actor=entry.lead_entrant, reason="Làm lại")
    client.force_login(entry.lead_entrant)
    html = client.get(reverse("submissions:enter", args=[contest.pk])).content.decode()
    assert "Bắt đầu bài dự thi mới" in html
