"""The entrant's preview of the work as judges will see it, for every kind of file after real processing,
served only to the entrant and their team."""

import re

import pytest
from django.urls import reverse

from contest.enums import ContestKind, MediaKind
from submissions.enums import MembershipState
from submissions.services.entries import set_team_members, update_entry
from submissions.services.processing import process_asset
from submissions.services.teams import transition_membership
from tests.factories import CoordinatorFactory, EntrantFactory
from tests.factories.entries import add_file, draft_entry, video_contest
from tests.factories.media_files import make_audio, make_docx, make_pdf, make_png, make_video

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = DUMMY_TASKS


def contest_for(kind, media):
    return video_contest(
        kind=kind,
        accepted_media_kinds=[m.value for m in media],
        max_file_bytes=100 * 1024**2,
        max_duration_seconds=300,
        min_words=None,
        max_words=None,
        team_size_max=3,
    )


CASES = [
    ("video", ContestKind.VIDEO, [MediaKind.VIDEO], "phim.mp4", lambda p: make_video(p / "a.mp4", seconds=2)),
    (
        "music",
        ContestKind.MUSIC,
        [MediaKind.AUDIO],
        "bai-hat.m4a",
        lambda p: make_audio(p / "a.m4a", seconds=2),
    ),
    ("drawing", ContestKind.DRAWING, [MediaKind.IMAGE], "tranh.png", lambda p: make_png(p / "a.png")),
    (
        "comic",
        ContestKind.COMIC,
        [MediaKind.IMAGE, MediaKind.PDF],
        "truyen.pdf",
        lambda p: make_pdf(p / "a.pdf", pages=3),
    ),
    ("essay", ContestKind.ESSAY, [MediaKind.DOCX], "bai-viet.docx", lambda p: make_docx(p / "a.docx")),
]


def preview_urls(html):
    return sorted(set(re.findall(r"(/tep/\d+/xem/\d+/)", html)))


@pytest.mark.parametrize(("label", "kind", "media", "name", "make"), CASES, ids=[c[0] for c in CASES])
def test_preview_shows_every_kind_after_processing(client, tmp_path, label, kind, media, name, make):
    entry = draft_entry(contest=contest_for(kind, media))
    asset = add_file(entry=entry, data=make(tmp_path).read_bytes(), name=name)
    assert process_asset(asset_id=asset.pk) == "ready"
    client.force_login(entry.lead_entrant)
    html = client.get(reverse("submissions:edit", args=[entry.pk])).content.decode()
    section = html[html.index('id="preview-title"') :]
    expected = {
        "video": ["<video", 'poster="/tep/', "720p", "360p"],
        "music": ["<audio", 'class="waveform"'],
        "drawing": ['<source srcset="/tep/', 'type="image/webp"', '<img src="/tep/'],
        "comic": ['alt="Trang 1"', 'alt="Trang 3"'],
        "essay": ['class="essay-text"', "Không một mình", "Bản PDF giám khảo đọc"],
    }[label]
    for marker in expected:
        assert marker in section, marker
    urls = preview_urls(section)
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content if response.streaming else [response.content])
        assert asset.original_name not in response["Content-Disposition"]


def test_preview_is_served_only_to_the_entrant_and_team(client, tmp_path):
    entry = draft_entry(contest=contest_for(ContestKind.VIDEO, [MediaKind.VIDEO]))
    asset = add_file(
        entry=entry, data=make_video(tmp_path / "a.mp4", seconds=2).read_bytes(), name="phim.mp4"
    )
    process_asset(asset_id=asset.pk)
    teammate = EntrantFactory(email="ban.cung.nhom@example.vn")
    set_team_members(entry=entry, actor=entry.lead_entrant, members=[{"email": teammate.email, "name": ""}])
    invitation = entry.team_members.get(user=teammate)
    transition_membership(member=invitation, actor=teammate, to_state=MembershipState.ACCEPTED)
    url = reverse("submissions:preview_file", args=[asset.pk, 0])
    client.force_login(teammate)
    ranged = client.get(url, headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206
    assert ranged["Content-Range"].startswith("bytes 0-99/")
    for outsider in (EntrantFactory(), CoordinatorFactory(school=entry.lead_entrant.school)):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_preview_shows_typed_essay_text(client):
    contest = video_contest(
        kind=ContestKind.ESSAY, accepted_media_kinds=[MediaKind.TEXT.value], max_duration_seconds=None
    )
    entry = draft_entry(contest=contest)
    update_entry(
        entry=entry,
        actor=entry.lead_entrant,
        title="Thư gửi bạn",
        statement="",
        text="Bạn thân mến, đừng gửi ảnh riêng cho người lạ trên mạng.",
    )
    client.force_login(entry.lead_entrant)
    html = client.get(reverse("submissions:edit", args=[entry.pk])).content.decode()
    section = html[html.index('id="preview-title"') :]
    assert "đừng gửi ảnh riêng cho người lạ" in section


def test_judges_and_the_preview_read_the_same_essay_text(tmp_path):
    from types import SimpleNamespace

    from judging.media import asset_views
    from submissions.selectors.preview import entry_preview

    entry = draft_entry(contest=contest_for(ContestKind.ESSAY, [MediaKind.DOCX]))
    asset = add_file(entry=entry, data=make_docx(tmp_path / "a.docx").read_bytes(), name="bai-viet.docx")
    assert process_asset(asset_id=asset.pk) == "ready"
    asset.refresh_from_db()
    judged = asset_views(assignment=SimpleNamespace(pk=1, entry=entry), assets=[asset])[0]
    assert asset.renditions[judged.text_index]["name"] == "essay.txt"
    assert "Không một mình" in entry_preview(entry=entry, assets=[asset])["files"][0].text
