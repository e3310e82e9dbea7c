"""A teacher's first hour (issue 11): land on the school's dashboard, see what was done, and enter a
pupil's work in whatever form the chosen contest takes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contest.enums import ContestKind, MediaKind
from submissions.enums import EntryState
from submissions.models import Entry, MediaAsset
from tests.factories import PASSWORD, ContestFactory, CoordinatorFactory, EntrantFactory, SchoolFactory
from tests.factories.entries import comic_contest, essay_contest, png_bytes, video_contest
from tests.factories.media_files import ESSAY_TEXT, make_audio, make_docx, make_video

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}


@pytest.fixture(autouse=True)
def _no_worker(settings):
    settings.TASKS = DUMMY_TASKS


@pytest.fixture
def school():
    return SchoolFactory(name="THCS Trưng Vương")


@pytest.fixture
def coordinator(school):
    return CoordinatorFactory(school=school, email="co.lan@khongmotminh.example")


@pytest.fixture
def pupil(school):
    return EntrantFactory(school=school, full_name="Mai Anh Thư")


def _upload(path, content_type="application/octet-stream"):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type=content_type)


def test_coordinator_lands_on_school_dashboard_after_sign_in(client, coordinator):
    response = client.post(
        reverse("accounts:login"), {"username": coordinator.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("consent:coordinator")
    assert "Học sinh trường THCS Trưng Vương" in response.content.decode()


def test_paper_consent_shows_a_success_message(client, coordinator, pupil):
    client.force_login(coordinator)
    response = client.post(
        reverse("consent:coordinator_paper", args=[pupil.pk]),
        {
            "participation": "on",
            "guardian_name": "Mai Văn Hùng",
            "scan": SimpleUploadedFile("phieu.png", png_bytes(label="phieu"), content_type="image/png"),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã ghi nhận phiếu đồng ý." in response.content.decode()


def test_on_behalf_form_offers_the_chosen_contests_kinds(client, coordinator, pupil):
    essay = essay_contest(
        accepted_media_kinds=[MediaKind.TEXT.value, MediaKind.DOCX.value, MediaKind.PDF.value]
    )
    video = video_contest()
    comic = comic_contest()
    client.force_login(coordinator)
    url = reverse("consent:coordinator_pupil", args=[pupil.pk])
    first = client.get(url).content.decode()
    assert 'id="on-behalf-contest"' in first
    assert 'id="on-behalf"' not in first
    essay_page = client.get(url, {"contest": essay.pk}).content.decode()
    assert 'name="text"' in essay_page
    assert ".docx" in essay_page
    assert ".pdf" in essay_page
    assert "Ảnh chụp bài vẽ" not in essay_page
    video_page = client.get(url, {"contest": video.pk}).content.decode()
    assert 'name="text"' not in video_page
    video_accept = re.search(
        r'name="files"[^>]*accept="([^"]*)"|accept="([^"]*)"[^>]*name="files"', video_page
    )
    assert ".mp4" in "".join(filter(None, video_accept.groups()))
    assert ".png" not in "".join(filter(None, video_accept.groups()))
    comic_page = client.get(url, {"contest": comic.pk}).content.decode()
    assert "multiple" in comic_page
    comic_accept = re.search(
        r'name="files"[^>]*accept="([^"]*)"|accept="([^"]*)"[^>]*name="files"', comic_page
    )
    assert ".png" in "".join(filter(None, comic_accept.groups()))


def test_on_behalf_typed_essay_is_submitted_with_a_message(client, coordinator, pupil):
    contest = essay_contest()
    client.force_login(coordinator)
    response = client.post(
        reverse("consent:coordinator_submit", args=[pupil.pk]),
        {"contest": contest.pk, "title": "Không một mình", "text": ESSAY_TEXT},
        follow=True,
    )
    assert response.status_code == 200
    entry = Entry.objects.get(lead_entrant=pupil)
    assert entry.state == EntryState.SUBMITTED
    assert entry.text.strip() == ESSAY_TEXT.strip()
    assert f"Đã nộp bài {entry.code} thay cho Mai Anh Thư" in response.content.decode()


@pytest.mark.parametrize("kind", ["docx", "video", "audio", "pages"])
def test_on_behalf_takes_each_kind_of_file(client, coordinator, pupil, tmp_path, kind):
    if kind == "docx":
        contest = essay_contest(accepted_media_kinds=[MediaKind.TEXT.value, MediaKind.DOCX.value])
        files = [_upload(make_docx(tmp_path / "bai-viet.docx"))]
    elif kind == "video":
        contest = video_contest()
        files = [_upload(make_video(tmp_path / "clip.mp4", seconds=1))]
    elif kind == "audio":
        contest = ContestFactory(
            kind=ContestKind.MUSIC, accepted_media_kinds=[MediaKind.AUDIO.value], max_duration_seconds=300
        )
        files = [_upload(make_audio(tmp_path / "bai-hat.m4a", seconds=1))]
    else:
        contest = comic_contest()
        files = [
            SimpleUploadedFile(f"trang-{n}.png", png_bytes(label=str(n), color=(n * 60, 40, 90)), "image/png")
            for n in (1, 2, 3)
        ]
    client.force_login(coordinator)
    response = client.post(
        reverse("consent:coordinator_submit", args=[pupil.pk]),
        {"contest": contest.pk, "title": "Cùng nhau an toàn", "files": files},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry = Entry.objects.get(lead_entrant=pupil)
    assert entry.state == EntryState.SUBMITTED
    assert entry.submitted_by == coordinator
    assert MediaAsset.objects.filter(entry=entry).count() == len(files)


def test_on_behalf_wrong_kind_is_refused_and_nothing_saved(client, coordinator, pupil):
    contest = video_contest()
    client.force_login(coordinator)
    response = client.post(
        reverse("consent:coordinator_submit", args=[pupil.pk]),
        {
            "contest": contest.pk,
            "title": "Ảnh",
            "files": SimpleUploadedFile("anh.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 400
    assert "không nhận loại tệp" in response.content.decode()
    assert not Entry.objects.filter(lead_entrant=pupil).exists()


def test_on_behalf_too_many_files_and_closed_contest_are_400(client, coordinator, pupil):
    client.force_login(coordinator)
    url = reverse("consent:coordinator_submit", args=[pupil.pk])
    contest = video_contest()
    two = [SimpleUploadedFile(f"{n}.mp4", b"x" * 10, "video/mp4") for n in (1, 2)]
    assert client.post(url, {"contest": contest.pk, "title": "Hai", "files": two}).status_code == 400
    assert client.post(url, {"contest": "999999", "title": "Hai"}).status_code == 400
    assert client.post(url, {"contest": contest.pk, "title": "Trống"}).status_code == 400
    assert not Entry.objects.filter(lead_entrant=pupil).exists()
