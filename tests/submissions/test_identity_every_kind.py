"""Every page that shows an entry renders, for an entry of every contest kind whose files went through the
real pipeline (probe, transcode, scrub, identity search with OCR): the organisers' screening page and every
rendition link on it, the entrant's entry page, the coordinator's view and the judge's sheet with its
media. Any 5xx fails."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from contest.enums import ContestKind, MediaKind
from judging.enums import RoundState
from judging.models import Assignment
from judging.services.rounds import transition_round
from submissions.enums import AssetState
from submissions.models import MediaAsset
from submissions.services.consent import refresh_entry_consent
from submissions.services.entries import submit_entry
from submissions.services.identity import check_asset_identity
from submissions.services.processing import process_asset
from submissions.services.screening import screen_entry
from tests.factories import (
    CoordinatorFactory,
    EntrantFactory,
    JudgeFactory,
    OrganiserFactory,
    SchoolFactory,
)
from tests.factories.entries import add_file, draft_entry
from tests.factories.judging import PanelFactory, RoundFactory
from tests.factories.media_files import (
    ESSAY_TEXT,
    make_audio,
    make_docx,
    make_pdf,
    make_phone_jpeg,
    make_png,
    make_video,
)
from tests.factories.privacy import give_full_consent

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}

# Per contest kind: the media kinds it accepts and the files a pupil hands in.
KINDS = {
    ContestKind.ESSAY: ([MediaKind.DOCX], [lambda d: make_docx(d / "bai-viet.docx")]),
    ContestKind.DRAWING: ([MediaKind.IMAGE], [lambda d: make_png(d / "tranh.png")]),
    ContestKind.COMIC: (
        [MediaKind.IMAGE, MediaKind.PDF],
        [lambda d: make_png(d / "trang-1.png"), lambda d: make_pdf(d / "truyen.pdf")],
    ),
    ContestKind.MUSIC: ([MediaKind.AUDIO], [lambda d: make_audio(d / "bai-hat.m4a")]),
    ContestKind.VIDEO: ([MediaKind.VIDEO], [lambda d: make_video(d / "phim.mp4")]),
    ContestKind.POSTER: ([MediaKind.IMAGE], [lambda d: make_phone_jpeg(d / "ap-phich.jpg")]),
    ContestKind.PRESENTATION: ([MediaKind.PDF], [lambda d: make_pdf(d / "trinh-chieu.pdf", pages=3)]),
    ContestKind.GAME_DESIGN: (
        [MediaKind.PDF, MediaKind.DOCX],
        [lambda d: make_pdf(d / "ban-do.pdf", pages=1), lambda d: make_docx(d / "kich-ban.docx")],
    ),
}


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = DUMMY_TASKS
    from django.tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


def processed_entry(kind, tmp_path: Path):
    """An eligible entry of `kind`, its files processed and searched exactly as the workers do it."""
    from tests.factories import ContestFactory

    media_kinds, makers = KINDS[kind]
    contest = ContestFactory(
        kind=kind,
        accepted_media_kinds=[m.value for m in media_kinds],
        min_files=1,
        max_files=4,
        max_file_bytes=200 * 1024 * 1024,
        max_duration_seconds=600,
    )
    school = SchoolFactory(name="THCS Nguyễn Du")
    entrant = EntrantFactory(full_name="Trần Thị Hạnh", school=school)
    give_full_consent(entrant)
    entry = draft_entry(
        contest=contest,
        entrant=entrant,
        title="Không một mình",
        statement="Tác phẩm kể về một bạn nhỏ suýt bị lừa trên mạng và đã kịp kể với cô giáo.",
    )
    for make in makers:
        add_file(entry=entry, data=make(tmp_path).read_bytes(), name=make(tmp_path).name)
    for asset in MediaAsset.objects.filter(entry=entry):
        assert process_asset(asset_id=asset.pk) == "ready", asset.kind
        check_asset_identity(asset_id=asset.pk)
    refresh_entry_consent(entry=entry)
    submit_entry(entry=entry, actor=entrant)
    organiser = OrganiserFactory()
    screen_entry(entry=entry, decision="eligible", actor=organiser)
    entry.refresh_from_db()
    return entry, organiser, entrant, school


def ok(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    assert response.status_code == 200, (url, response.status_code)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
        return ""
    return response.content.decode()


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("kind", list(KINDS), ids=[k.value for k in KINDS])
def test_every_page_renders_for_entry_of_kind_after_real_processing(kind, tmp_path, client, dummy_tasks):
    entry, organiser, entrant, school = processed_entry(kind, tmp_path)
    assets = list(entry.assets.order_by("position"))
    assert assets
    assert all(a.state == AssetState.READY for a in assets)
    assert not entry.identity_hold, list(entry.identity_findings.values_list("kind", "excerpt"))

    client.force_login(organiser)
    page = ok(client, reverse("screening_entry", kwargs={"pk": entry.pk}))
    ok(client, reverse("screening_queue"))
    links = set(re.findall(r'(?:href|src|poster)="(/admin/sang-loc/tep/[^"]+)"', page))
    names = {r["name"] for a in assets for r in a.renditions}
    assert names
    assert all(name in page for name in names)
    assert len(links) >= len(names)
    for link in sorted(links):
        ok(client, link)

    client.force_login(entrant)
    ok(client, reverse("submissions:edit", kwargs={"pk": entry.pk}))
    ok(client, reverse("submissions:my_entries"))

    coordinator = CoordinatorFactory(school=school)
    client.force_login(coordinator)
    ok(client, reverse("consent:coordinator"))
    ok(client, reverse("consent:coordinator_pupil", kwargs={"pk": entrant.pk}))

    judge = JudgeFactory()
    round_ = RoundFactory(panel=PanelFactory(contest=entry.contest, judges=[judge]), judges_per_entry=1)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    assignment = Assignment.objects.get(round=round_, entry=entry, judge=judge)
    client.force_login(judge)
    sheet = ok(client, reverse("judging:score", args=[assignment.pk]))
    media_links = set(re.findall(r'(?:src|poster)="(/cham-thi/tep/[^"]+)"', sheet))
    assert media_links or kind == ContestKind.ESSAY
    for link in sorted(media_links):
        ok(client, link)
    if kind in (ContestKind.ESSAY, ContestKind.GAME_DESIGN):
        # The text of the Word file reaches the judge (the screened copy of it).
        assert ESSAY_TEXT.split("\n\n")[1][:40] in sheet
