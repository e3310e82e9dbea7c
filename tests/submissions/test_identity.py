"""Identity screening: the search (text, OCR, PDF text layer) and organisers' resolutions."""

import io
import time
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from judging.enums import RoundState
from judging.models import Assignment
from judging.selectors import judgeable_entries
from judging.services.rounds import transition_round
from submissions.enums import FindingKind, FindingSource, FindingStatus
from submissions.identity import Person, detect_identifiers, fold
from submissions.identity.ocr import read_picture
from submissions.media.render.fonts import _font_source
from submissions.models import Entry, IdentityFinding, TeamMember
from submissions.selectors.identity import judge_version
from submissions.services import identity as services
from submissions.services.processing import process_asset
from tests.factories import EntrantFactory, JudgeFactory, OrganiserFactory, SchoolFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

MAI = Person(full_name="Nguyễn Thị Mai", school="THCS Trần Phú", email="mai.nguyen@truong.edu.vn")


def kinds(text, people=(MAI,)):
    return [(f.kind, f.text) for f in detect_identifiers(text, people=people)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tác giả: Nguyễn Thị Mai", ("name", "Nguyễn Thị Mai")),
        ("Tác giả: NGUYEN THI MAI", ("name", "NGUYEN THI MAI")),
        ("bài của nguyen thi mai nhé", ("name", "nguyen thi mai")),
        ("Người viết: Nguyễn\u200bThị\u200dMai", ("name", "Nguyễn\u200bThị\u200dMai")),
        ("Tác giả: Nguyễn Thị Mаі", ("name", "Nguyễn Thị Mаі")),  # Cyrillic а and і
        ("liên hệ nguyenthimai2009@gmail.com", ("email", "nguyenthimai2009@gmail.com")),
        ("mail: mai.nguyen (at) gmail (dot) com", ("email", "mai.nguyen (at) gmail (dot) com")),
        ("gọi 0912.345.678 nhé", ("phone", "0912.345.678")),
        ("số +84 912 345 678", ("phone", "+84 912 345 678")),
        ("zalo 09 1234 5678", ("phone", "09 1234 5678")),
        ("học lớp 12A1 ạ", ("class", "lớp 12A1")),
        ("em ở 10C2", ("class", "10C2")),
        ("em học trường THPT chuyên Lê Hồng Phong", ("school", "trường THPT chuyên Lê Hồng Phong")),
        ("Trường THCS Trần Phú", ("school", "Trường THCS Trần Phú")),
        ("follow @mai_nguyen09", ("handle", "@mai_nguyen09")),
        ("xem thêm https://facebook.com/mai.nguyen.09", ("url", "https://facebook.com/mai.nguyen.09")),
        ("Tranh của Mai", ("name", "Mai")),
        ("Em tên là mai", ("name", "mai")),
        ("Cảm ơn mọi người đã đọc.\n\nMai", ("name", "Mai")),
    ],
)
def test_detect_identifiers_finds_planted_identifier(text, expected):
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ngày mai em sẽ kể với cô giáo nếu có người lạ nhắn tin.",
        "Mùa xuân đến, cả lớp học cùng nhau về an toàn trên mạng.",
        "Hạnh phúc là khi ai cũng được an toàn trực tuyến.",
        "Gọi 111 hoặc 18001567 khi cần giúp đỡ; năm 2025 có 12.345 cuộc gọi.",
        "Buổi học bắt đầu lúc 6h30 và kết thúc lúc 11g15 ngày 20/11/2025.",
        "Học sinh THPT và THCS đều cần mật khẩu mạnh.",
        "Học sinh lớp 9 và lớp 12 đều cần mật khẩu mạnh.",
        "Chuyến đi ra quần đảo Trường Sa thật đáng nhớ.",
        "Bạn Mai trong truyện đã chặn kẻ lạ mặt.",
    ],
)
def test_detect_identifiers_leaves_common_words_alone(text):
    people = (MAI, Person("Lê Văn Xuân"), Person("Phạm Thị Hạnh"))
    assert kinds(text, people) == []


def font(size):
    source = _font_source()
    return ImageFont.truetype(source, size)


def drawing_with_signature(path: Path, signature: str, *, size=(1200, 900)) -> Path:
    picture = Image.new("RGB", size, (245, 238, 220))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((200, 150, 700, 650), outline=(40, 90, 170), width=10)
    draw.rectangle((750, 200, 1050, 500), fill=(200, 60, 60))
    draw.text((size[0] - 520, size[1] - 110), signature, font=font(44), fill=(20, 20, 20))
    picture.save(path)
    return path


def test_ocr_reads_signature_in_drawing_with_its_region(tmp_path):
    page = read_picture(drawing_with_signature(tmp_path / "tranh.png", "Nguyễn Thị Mai"))
    found = detect_identifiers(page.text, people=[MAI])
    assert [f.kind for f in found] == ["name"]
    region = page.region(found[0].start, found[0].end)
    assert region["x"] > 0.5
    assert region["y"] > 0.8


def test_ocr_of_fifty_megapixel_poster_finishes_quickly(tmp_path):
    path = tmp_path / "poster.jpg"
    big = Image.new("RGB", (8660, 5780), (250, 250, 250))
    ImageDraw.Draw(big).text((300, 300), "Nguyễn Thị Mai", font=font(420), fill=(0, 0, 0))
    big.save(path, quality=80)
    started = time.monotonic()
    page = read_picture(path)
    assert time.monotonic() - started < 30
    assert "name" in [f.kind for f in detect_identifiers(page.text, people=[MAI])]


@pytest.fixture
def organiser(db):
    return OrganiserFactory()


@pytest.fixture
def mai(db):
    return EntrantFactory(full_name="Nguyễn Thị Mai", school=SchoolFactory(name="THCS Trần Phú"))


def held_entry(mai, **kwargs):
    entry = JudgeableEntryFactory(
        lead_entrant=mai,
        title="Tác giả: NGUYỄN THỊ MAI",
        statement="Em tên là Mai, học lớp 8A2 trường THCS Trần Phú. Ngày mai em sẽ kể với cô.",
        text="",
        **kwargs,
    )
    services.check_entry_text(entry=entry)
    entry.refresh_from_db()
    return entry


def test_check_entry_text_records_spans_and_holds_entry(mai):
    entry = held_entry(mai)
    findings = {(f.source, f.kind, f.excerpt) for f in entry.identity_findings.all()}
    assert findings == {
        (FindingSource.TITLE, FindingKind.NAME, "NGUYỄN THỊ MAI"),
        (FindingSource.STATEMENT, FindingKind.NAME, "Mai"),
        (FindingSource.STATEMENT, FindingKind.CLASS, "lớp 8A2"),
        (FindingSource.STATEMENT, FindingKind.SCHOOL, "trường THCS Trần Phú"),
    }
    assert entry.identity_hold
    for finding in entry.identity_findings.all():
        assert getattr(entry, finding.source)[finding.start : finding.end] == finding.excerpt


def test_team_member_name_is_found(mai):
    entry = JudgeableEntryFactory(lead_entrant=mai, title="Nhóm: Lê Hoàng Long và bạn")
    TeamMember.objects.create(entry=entry, name="Lê Hoàng Long")
    services.check_entry_text(entry=entry)
    assert list(entry.identity_findings.values_list("excerpt", flat=True)) == ["Lê Hoàng Long"]


def test_redact_one_click_changes_judge_copy_only(mai, organiser):
    entry = held_entry(mai)
    for finding in entry.identity_findings.filter(status=FindingStatus.OPEN).order_by("source", "start"):
        services.redact_finding(finding=finding, actor=organiser)
    entry.refresh_from_db()
    version = judge_version(entry=entry)
    assert version.title == "Tác giả: […]"
    assert version.statement == "Em tên là […], học […] […]. Ngày mai em sẽ kể với cô."
    assert entry.title == "Tác giả: NGUYỄN THỊ MAI"  # the entrant's own words stay
    assert not entry.identity_hold


def test_dismissed_finding_stays_dismissed_after_recheck(mai, organiser):
    entry = JudgeableEntryFactory(lead_entrant=mai, title="Hoa Mai", statement="Cảnh đẹp.")
    services.check_entry_text(entry=entry)
    finding = entry.identity_findings.get()
    services.dismiss_finding(finding=finding, actor=organiser, note="tên loài hoa")
    services.check_entry_text(entry=entry)
    entry.refresh_from_db()
    assert not entry.identity_hold
    assert entry.identity_findings.filter(status=FindingStatus.OPEN).count() == 0


def test_edit_judge_copy_resolves_findings_whose_words_are_gone(mai, organiser):
    entry = held_entry(mai)
    services.edit_judge_copy(
        entry=entry, actor=organiser, title="Không một mình", statement="Ngày mai em sẽ kể với cô.", text=""
    )
    entry.refresh_from_db()
    assert not entry.identity_hold
    assert set(entry.identity_findings.values_list("status", flat=True)) == {FindingStatus.EDITED}


def test_edit_judge_copy_keeps_finding_open_when_words_stay(mai, organiser):
    entry = held_entry(mai)
    services.edit_judge_copy(entry=entry, actor=organiser, title="Nguyen Thi Mai", statement="", text="")
    entry.refresh_from_db()
    assert entry.identity_hold
    assert list(entry.identity_findings.filter(status="open").values_list("source", flat=True)) == ["title"]


def test_held_entry_is_never_assigned_and_resolution_releases_it(mai, organiser):
    entry = held_entry(mai)
    clean = JudgeableEntryFactory(contest=entry.contest, division=entry.division)
    round_ = RoundFactory(panel=PanelFactory(contest=entry.contest), judges_per_entry=1)
    assert list(judgeable_entries(round_=round_)) == [clean]
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    assert not Assignment.objects.filter(entry=entry).exists()
    assert Assignment.objects.filter(entry=clean).exists()
    services.return_for_identity(entry=entry, actor=organiser, reason="Em bỏ họ tên và trường nhé.")
    entry.refresh_from_db()
    assert entry.state == "returned"
    assert set(entry.identity_findings.values_list("status", flat=True)) == {FindingStatus.RETURNED}


def test_judge_report_pauses_sheet_until_resolved(client, organiser):
    round_ = RoundFactory(panel=PanelFactory(), judges_per_entry=1)
    entry = JudgeableEntryFactory(
        contest=round_.panel.contest, division=round_.panel.contest.divisions.first()
    )
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    assignment = Assignment.objects.get(entry=entry)
    client.force_login(assignment.judge)
    sheet = reverse("judging:score", args=[assignment.pk])
    assert client.get(sheet).status_code == 200
    response = client.post(
        reverse("judging:report_identity", args=[assignment.pk]), {"note": "Chữ ký ở góc tranh"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.identity_hold
    assert client.get(sheet).status_code == 404
    finding = entry.identity_findings.get()
    assert (finding.kind, finding.note, finding.reported_by) == (
        "reported",
        "Chữ ký ở góc tranh",
        assignment.judge,
    )
    client.force_login(organiser)
    page = client.get(reverse("screening_entry", kwargs={"pk": entry.pk})).content.decode()
    assert "Chữ ký ở góc tranh" in page
    services.edit_judge_copy(entry=entry, actor=organiser, title="Không một mình", statement="", text="")
    client.force_login(assignment.judge)
    assert client.get(sheet).status_code == 200


def test_screening_queue_counts_and_filters_held_entries(client, mai, organiser):
    held = held_entry(mai)
    JudgeableEntryFactory()
    client.force_login(organiser)
    page = client.get(reverse("screening_queue"), {"identity_hold": "true"}).content.decode()
    assert held.code in page
    assert page.count('data-entry="') == 1
    assert (
        "1 bài còn thông tin nhận diện chưa xử lý" in client.get(reverse("screening_queue")).content.decode()
    )


def test_screening_views_resolve_findings(client, mai, organiser):
    entry = held_entry(mai)
    client.force_login(organiser)
    title = entry.identity_findings.get(source="title")
    assert client.post(reverse("screening_redact", kwargs={"pk": title.pk})).status_code == 302
    school = entry.identity_findings.get(kind="school")
    response = client.post(reverse("screening_dismiss", kwargs={"pk": school.pk}), {"note": "thử"})
    assert response.status_code == 302
    statuses = dict(entry.identity_findings.values_list("kind", "status"))
    assert statuses["school"] == FindingStatus.DISMISSED
    assert judge_version(entry=entry).title == "Tác giả: […]"
    # A second click on a resolved finding is refused with a message, not an error page.
    response = client.post(reverse("screening_redact", kwargs={"pk": title.pk}), follow=True)
    assert response.status_code == 200
    assert "đã được xử lý" in response.content.decode()


def test_screening_views_refuse_judges(client, mai):
    entry = held_entry(mai)
    finding = entry.identity_findings.first()
    client.force_login(JudgeFactory())
    response = client.post(reverse("screening_redact", kwargs={"pk": finding.pk}))
    assert response.status_code in (302, 403)
    assert IdentityFinding.objects.get(pk=finding.pk).status == FindingStatus.OPEN


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    from django.tasks import default_task_backend

    default_task_backend.clear()


def test_blur_writes_judge_rendition_without_metadata(tmp_path, mai, organiser, dummy_tasks):
    from contest.enums import ContestKind, MediaKind
    from tests.factories import ContestFactory
    from tests.factories.entries import add_file, draft_entry

    contest = ContestFactory(kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value])
    entry = draft_entry(contest=contest, entrant=mai, title="Bức tranh")
    drawing = drawing_with_signature(tmp_path / "tranh.png", "Nguyễn Thị Mai")
    asset = add_file(entry=entry, data=drawing.read_bytes(), name="tranh.png")
    assert process_asset(asset_id=asset.pk) == "ready"
    assert services.check_asset_identity(asset_id=asset.pk) == 1
    entry.refresh_from_db()
    assert entry.identity_hold
    finding = entry.identity_findings.get()
    assert (finding.source, finding.kind, finding.rendition) == ("image", "name", "")
    services.redact_finding(finding=finding, actor=organiser)
    entry.refresh_from_db()
    assert not entry.identity_hold
    asset.refresh_from_db()
    version = judge_version(entry=entry)
    replaced = version.renditions[asset.pk]
    assert set(replaced) == {r["name"] for r in asset.renditions if r["name"].startswith("image_")}
    for name, key in replaced.items():
        data = storages["private"].open(key, "rb").read()
        with Image.open(io.BytesIO(data)) as picture:
            assert not picture.getexif()
            assert "icc_profile" not in picture.info
        path = tmp_path / name
        path.write_bytes(data)
        assert "mai" not in fold(read_picture(path).text)
    # The entrant's (and organisers') rendition is untouched and still reads the name.
    original = next(r for r in asset.renditions if r["name"].endswith(".jpg"))
    path = tmp_path / "original.jpg"
    path.write_bytes(storages["private"].open(original["key"], "rb").read())
    assert "nguyen thi mai" in fold(read_picture(path).text)


def test_blur_refuses_bad_box_with_message(client, mai, organiser):
    entry = held_entry(mai)
    client.force_login(organiser)
    response = client.post(
        reverse("screening_blur", kwargs={"pk": entry.pk}),
        {"asset": 999999, "rendition": "", "x": "10", "y": "10", "w": "5", "h": "5"},
        follow=True,
    )
    assert response.status_code == 200
    assert "không thuộc bài dự thi" in response.content.decode()
    response = client.post(reverse("screening_blur", kwargs={"pk": entry.pk}), {"x": "abc"}, follow=True)
    assert "kéo chọn vùng" in response.content.decode()


def test_pdf_text_layer_findings_point_at_the_page(tmp_path, mai, dummy_tasks):
    from contest.enums import ContestKind, MediaKind
    from tests.factories import ContestFactory
    from tests.factories.entries import add_file, draft_entry
    from tests.factories.media_files import make_pdf

    contest = ContestFactory(
        kind=ContestKind.PRESENTATION, accepted_media_kinds=[MediaKind.PDF.value], max_duration_seconds=None
    )
    entry = draft_entry(contest=contest, entrant=mai, title="Trình chiếu")
    pdf = make_pdf(tmp_path / "a.pdf", pages=2, text="Bài trình chiếu an toàn\n\nliên hệ 0987 654 321")
    asset = add_file(entry=entry, data=pdf.read_bytes(), name="a.pdf")
    assert process_asset(asset_id=asset.pk) == "ready"
    services.check_asset_identity(asset_id=asset.pk)
    findings = list(entry.identity_findings.order_by("rendition"))
    assert [(f.kind, f.rendition) for f in findings] == [
        ("phone", "page_001.webp"),
        ("phone", "page_002.webp"),
    ]
    assert all(0 < f.region["y"] < 0.3 for f in findings)


def test_entrant_edit_after_submission_is_searched_again(mai):
    entry = held_entry(mai, state="submitted")
    from submissions.services.entries import update_entry

    update_entry(entry=entry, actor=mai, title="Không một mình", statement="Một câu chuyện.", text="")
    entry.refresh_from_db()
    assert not entry.identity_hold
    assert judge_version(entry=entry).title == "Không một mình"
    assert Entry.objects.get(pk=entry.pk).identity_findings.filter(status="superseded").count() == 4


def test_identity_search_command_holds_old_entries(mai):
    from django.core.management import call_command

    entry = JudgeableEntryFactory(lead_entrant=mai, title="Tranh của Nguyễn Thị Mai")
    assert not entry.identity_hold
    out = io.StringIO()
    call_command("identity_search", "--texts-only", stdout=out)
    entry.refresh_from_db()
    assert entry.identity_hold
    assert f"{entry.code}: 1 findings (held)" in out.getvalue()


def test_deleting_personal_data_removes_findings_and_judge_copy(mai):
    from privacy.services.data_rights import delete_personal_data
    from submissions.models import JudgeCopy

    entry = held_entry(mai)
    assert JudgeCopy.objects.filter(entry=entry).exists()
    delete_personal_data(user=mai)
    assert not IdentityFinding.objects.filter(entry=entry).exists()
    assert not JudgeCopy.objects.filter(entry=entry).exists()
