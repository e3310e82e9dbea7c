"""The contest's rules are enforced as written, with real files: a clip shorter than the minimum, a comic
with too few pages, an essay with too few words."""

import pytest

from contest.enums import ContestKind, MediaKind
from contest.errors import DomainError
from submissions.enums import AssetState, EntryState
from submissions.selectors.checklist import entry_checklist
from submissions.services.entries import submit_entry, update_entry
from submissions.services.processing import process_asset
from tests.factories.entries import (
    add_file,
    comic_contest,
    draft_entry,
    essay_contest,
    png_bytes,
    video_contest,
)
from tests.factories.media_files import make_docx, make_video

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = DUMMY_TASKS


def test_video_shorter_than_minimum_is_rejected_in_vietnamese(tmp_path):
    contest = video_contest(min_duration_seconds=60, max_duration_seconds=180, max_file_bytes=100 * 1024**2)
    entry = draft_entry(contest=contest)
    clip = make_video(tmp_path / "clip.mp4", seconds=15, size="160x120", rate=10)
    asset = add_file(entry=entry, data=clip.read_bytes(), name="phim-ngan.mp4")
    assert process_asset(asset_id=asset.pk) == "rejected"
    asset.refresh_from_db()
    assert asset.state == AssetState.REJECTED
    assert asset.rejection_reason.startswith("Tệp chỉ dài 15 giây, ngắn hơn mức tối thiểu là 1 phút")
    with pytest.raises(DomainError, match="ít nhất 1 tệp"):
        submit_entry(entry=entry, actor=entry.lead_entrant)


def test_video_inside_duration_range_is_ready(tmp_path):
    contest = video_contest(min_duration_seconds=2, max_duration_seconds=180, max_file_bytes=100 * 1024**2)
    entry = draft_entry(contest=contest)
    clip = make_video(tmp_path / "clip.mp4", seconds=3, size="160x120", rate=10)
    asset = add_file(entry=entry, data=clip.read_bytes(), name="phim-ngan.mp4")
    assert process_asset(asset_id=asset.pk) == "ready"


def test_comic_with_fewer_pages_than_minimum_cannot_be_submitted():
    contest = comic_contest(min_files=1, max_files=16, min_pages=4, max_pages=16)
    entry = draft_entry(contest=contest)
    for page in (1, 2):
        add_file(entry=entry, data=png_bytes(label=str(page)), name=f"trang-{page}.png")
    files_step = entry_checklist(entry=entry, viewer=entry.lead_entrant).steps[0]
    assert (files_step.key, files_step.state) == ("files", "todo")
    assert files_step.detail == "Bài cần ít nhất 4 trang; hiện mới có 2."
    with pytest.raises(DomainError, match="ít nhất 4 trang; hiện mới có 2"):
        submit_entry(entry=entry, actor=entry.lead_entrant)
    for page in (3, 4):
        add_file(
            entry=entry, data=png_bytes(label=str(page), color=(200, 40, 40 + page)), name=f"trang-{page}.png"
        )
    assert submit_entry(entry=entry, actor=entry.lead_entrant).state == EntryState.SUBMITTED


def test_typed_essay_below_minimum_words_cannot_be_submitted():
    contest = essay_contest(min_words=40, max_words=2000)
    entry = draft_entry(contest=contest)
    update_entry(
        entry=entry,
        actor=entry.lead_entrant,
        title="Không một mình",
        statement="",
        text="Khi người lạ trên mạng hứa tặng quà, em dừng lại và kể với mẹ.",
    )
    with pytest.raises(DomainError, match="ít hơn mức tối thiểu là 40 chữ"):
        submit_entry(entry=entry, actor=entry.lead_entrant)


def test_docx_essay_below_minimum_words_is_rejected(tmp_path):
    contest = essay_contest(
        kind=ContestKind.ESSAY, accepted_media_kinds=[MediaKind.DOCX.value], min_words=600, max_words=2000
    )
    entry = draft_entry(contest=contest)
    docx = make_docx(tmp_path / "bai-viet.docx", text="Em kể với bố mẹ khi người lạ nhắn tin dụ dỗ.")
    asset = add_file(entry=entry, data=docx.read_bytes(), name="bai-viet.docx")
    assert process_asset(asset_id=asset.pk) == "rejected"
    asset.refresh_from_db()
    assert "ít hơn mức tối thiểu là 600 chữ" in asset.rejection_reason
