"""Blind judging stays blind (issue 9, "Done when"): a pupil writes her name, school, class, e-mail and
phone into the title, the introduction, the typed essay, a DOCX, a PDF and onto a drawing, in several
spellings. After screening resolves every finding, none of those strings, accent-folded, appears in any
page, JSON reply, URL or served file a judge gets (pictures are read back with OCR), and an entry with an
unresolved finding is never assigned."""

import html
import re

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from contest.enums import ContestKind, MediaKind
from judging.enums import RoundState
from judging.models import Assignment
from judging.services.rounds import transition_round
from submissions.enums import FindingStatus
from submissions.identity import fold
from submissions.identity.ocr import read_picture
from submissions.media.render.fonts import _font_source
from submissions.models import MediaAsset
from submissions.services import identity as services
from submissions.services.consent import refresh_entry_consent
from submissions.services.entries import submit_entry
from submissions.services.processing import process_asset
from submissions.services.screening import screen_entry
from tests.factories import ContestFactory, EntrantFactory, JudgeFactory, OrganiserFactory, SchoolFactory
from tests.factories.entries import add_file, draft_entry
from tests.factories.judging import PanelFactory, RoundFactory
from tests.factories.media_files import make_docx, make_pdf
from tests.factories.privacy import give_full_consent

NAME = "Phạm Ngọc Xuân"
SCHOOL = "THCS Chu Văn An"
EMAIL = "ngocxuan.pham2011@gmail.com"
# Accent-folded strings that must never reach a judge, in any spelling the pupil used.
FORBIDDEN = (
    "pham ngoc xuan",
    "phamngocxuan",
    "chu van an",
    "ngocxuan.pham2011",
    "ngocxuan",
    "912345678",
    "lop 8a3",
    "8a3",
)
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = DUMMY_TASKS
    from django.tasks import default_task_backend

    default_task_backend.clear()


def drawing(path, *, signature: str, school: str):
    picture = Image.new("RGB", (1400, 1000), (250, 244, 228))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((150, 150, 650, 650), outline=(40, 90, 170), width=12)
    draw.polygon([(800, 700), (1100, 200), (1300, 700)], fill=(90, 160, 90))
    title_font = ImageFont.truetype(_font_source(), 40)
    draw.text((80, 60), "Không một mình", font=title_font, fill=(190, 30, 30))
    draw.text((820, 840), signature, font=ImageFont.truetype(_font_source(), 46), fill=(25, 25, 25))
    draw.text((820, 905), school, font=ImageFont.truetype(_font_source(), 34), fill=(25, 25, 25))
    picture.save(path)
    return path


def judge_safe(text: str) -> str:
    """Folded, with digit groups joined ("0912 345.678" → "0912345678") and HTML entities decoded."""
    folded = fold(html.unescape(text))
    return re.sub(r"(?<=\d)[\s.\-]+(?=\d)", "", folded)


def leaks(text: str) -> list[str]:
    safe = judge_safe(text)
    return [needle for needle in FORBIDDEN if needle in safe]


@pytest.mark.django_db
def test_judges_never_see_what_identifies_the_pupil(client, tmp_path, dummy_tasks):
    contest = ContestFactory(
        kind=ContestKind.ESSAY,
        accepted_media_kinds=[
            MediaKind.TEXT.value,
            MediaKind.DOCX.value,
            MediaKind.PDF.value,
            MediaKind.IMAGE.value,
        ],
        min_files=1,
        max_files=5,
        max_duration_seconds=None,
    )
    pupil = EntrantFactory(full_name=NAME, email=EMAIL, school=SchoolFactory(name=SCHOOL))
    give_full_consent(pupil)
    entry = draft_entry(
        contest=contest,
        entrant=pupil,
        title="Mùa xuân an toàn – Tác giả: PHAM NGOC XUAN",
        statement=(
            "Em tên là Xuân, học lớp 8A3 trường THCS Chu Văn An. Liên hệ: ngocxuan.pham2011 (at) gmail.com, "
            "điện thoại 0912.345.678."
        ),
        text=(
            "Mùa xuân năm nay, lớp em học về an toàn trên mạng.\n\n"
            "Khi người lạ hứa tặng quà, em dừng lại và kể với cô giáo.\n\n"
            "Phạm\u200bNgọc\u200bXuân – +84 912 345 678"
        ),
    )
    docx = make_docx(
        tmp_path / "bai.docx",
        text="Bài viết của Phạm Ngọc Xuân, THCS Chu Văn An.\n\nNgày mai em sẽ kể với bố mẹ về người lạ.",
    )
    pdf = make_pdf(
        tmp_path / "bai.pdf",
        pages=1,
        text="Họ tên: Pham Ngoc Xuan - lớp 8A3\n\nMật khẩu mạnh giúp em an toàn.",
    )
    picture = drawing(tmp_path / "tranh.png", signature="Phạm Ngọc Xuân", school="Chu Văn An")
    for path in (docx, pdf, picture):
        add_file(entry=entry, data=path.read_bytes(), name=path.name)
    for asset in MediaAsset.objects.filter(entry=entry):
        assert process_asset(asset_id=asset.pk) == "ready"
        services.check_asset_identity(asset_id=asset.pk)
    refresh_entry_consent(entry=entry)
    submit_entry(entry=entry, actor=pupil)
    entry.refresh_from_db()
    assert entry.identity_hold
    found = set(entry.identity_findings.values_list("source", "kind"))
    assert {("title", "name"), ("statement", "email"), ("statement", "phone"), ("text", "name")} <= found
    # The DOCX and the PDF are essays here (their text is what judges read); the drawing is read by OCR.
    assert {("file_text", "name"), ("file_text", "school"), ("file_text", "class")} <= found
    assert {("image", "name"), ("image", "school")} <= found

    # A second pupil's entry, left unresolved, is never assigned.
    other = EntrantFactory(full_name="Lê Thị Hạnh")
    give_full_consent(other)
    held = draft_entry(contest=contest, entrant=other, title="Tranh của Hạnh", text="Không một mình.")
    refresh_entry_consent(entry=held)
    submit_entry(entry=held, actor=other)

    organiser = OrganiserFactory()
    client.force_login(organiser)
    for finding in entry.identity_findings.filter(status=FindingStatus.OPEN).order_by("pk"):
        response = client.post(reverse("screening_redact", kwargs={"pk": finding.pk}))
        assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.identity_hold
    for each in (entry, held):
        screen_entry(entry=each, decision="eligible", actor=organiser)
    held.refresh_from_db()
    assert held.identity_hold

    judge = JudgeFactory()
    round_ = RoundFactory(panel=PanelFactory(contest=contest, judges=[judge]), judges_per_entry=1)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    assert not Assignment.objects.filter(entry=held).exists()
    assignment = Assignment.objects.get(entry=entry, judge=judge)

    client.force_login(judge)
    seen: list[tuple[str, str]] = []
    urls = [
        reverse("judging:home"),
        reverse("judging:queue", args=[round_.pk]),
        reverse("judging:score", args=[assignment.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append((url, url + response.content.decode()))
    sheet = seen[-1][1]
    assert "[…]" in sheet
    assert "Khi người lạ hứa tặng quà" in sheet  # the essay itself still reaches the judge
    assert "Ngày mai em sẽ kể với bố mẹ" in sheet  # and the Word file's text

    saved = client.post(reverse("judging:autosave", args=[assignment.pk]), {"comment_organisers": "ổn"})
    assert saved.status_code in (200, 400)
    seen.append(("autosave", saved.content.decode()))

    media = sorted(set(re.findall(r'(?:src|poster|href)="(/cham-thi/tep/[^"]+)"', sheet)))
    assert media
    pictures = 0
    for url in media:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
        seen.append((url, url + " " + headers))
        if response["Content-Type"].startswith("image/"):
            pictures += 1
            path = tmp_path / f"served-{pictures}"
            path.write_bytes(body)
            seen.append((url + " (OCR)", read_picture(path).text))
        else:
            seen.append((url + " (bytes)", body.decode("latin-1")))
    assert pictures == 1  # the drawing
    found_leaks = {where: leaks(text) for where, text in seen if leaks(text)}
    assert found_leaks == {}
