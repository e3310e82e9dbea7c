import io
import re
import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from contest.enums import MediaKind
from judging.enums import RoundState
from judging.models import Assignment, SheetChange
from judging.selectors import sheet_version
from judging.services.assignment import add_judge_to_entry, assign_round
from judging.services.rounds import transition_round
from judging.services.sheets import save_sheet
from submissions.enums import AssetState
from submissions.models import MediaAsset
from tests.factories import DivisionFactory, JudgeFactory, SchoolFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

pytestmark = pytest.mark.django_db

SECRET_NAMES = ["Trịnh Thị Bí Mật", "Hoàng Văn Ẩn Danh"]
SECRET_SCHOOL = "THCS Trường Rất Riêng Tư"
SECRET_FILE = "bai-du-thi-cua-Bi-Mat-final.mp4"
SECRET_EMAIL = "bimat.rieng@example.org"


def _mp4(tmp_path: Path) -> bytes:
    out = tmp_path / "clip.mp4"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-nostdin",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x120:rate=10:duration=1",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=1",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            "-movflags",
            "+faststart",
            "-map_metadata",
            "-1",
            str(out),
        ],
        check=True,
    )
    return out.read_bytes()


def _image(fmt="WEBP") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


def _asset(entry, kind, position, renditions):
    asset = MediaAsset.objects.create(
        entry=entry,
        position=position,
        kind=kind,
        original=f"originals/{entry.pk}-{position}.bin",
        original_name=SECRET_FILE,
        size=10,
        sha256=f"{entry.pk:032d}{position:032d}",
        state=AssetState.READY,
    )
    stored = []
    for name, mime, data in renditions:
        key = f"renditions/{asset.upload_key}/{name}"
        storages["private"].save(key, ContentFile(data))
        stored.append({"name": name, "key": key, "mime": mime, "width": 160, "height": 120, "duration": 1})
    asset.renditions = stored
    asset.save()
    return asset


@pytest.fixture
def seeded(organiser, tmp_path):
    school = SchoolFactory(name=SECRET_SCHOOL)
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges)
    round_ = RoundFactory(panel=panel, judges_per_entry=3)
    division = panel.contest.divisions.first()
    video = _mp4(tmp_path)
    entries = []
    for i, name in enumerate(SECRET_NAMES):
        entry = JudgeableEntryFactory(
            contest=panel.contest,
            division=division,
            lead_entrant__full_name=name,
            lead_entrant__school=school,
            lead_entrant__email=f"{i}{SECRET_EMAIL}",
            text="Bài viết về an toàn mạng.",
        )
        _asset(
            entry,
            MediaKind.VIDEO,
            1,
            [("video_720.mp4", "video/mp4", video), ("poster.jpg", "image/jpeg", _image("JPEG"))],
        )
        _asset(
            entry,
            MediaKind.PDF,
            2,
            [("page_001.webp", "image/webp", _image()), ("page_002.webp", "image/webp", _image())],
        )
        _asset(entry, MediaKind.IMAGE, 3, [("image_1280.webp", "image/webp", _image())])
        entries.append(entry)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    return round_, judges, entries


def _forbidden_strings(entries):
    found = []
    for entry in entries:
        lead = entry.lead_entrant
        found += [lead.full_name, lead.email]
        found += [lead.date_of_birth.strftime("%d/%m/%Y"), lead.date_of_birth.isoformat()]
    return [*found, SECRET_SCHOOL, SECRET_FILE, "bai-du-thi-cua", "originals/", "renditions/"]


def _assert_blind(text, entries):
    for needle in _forbidden_strings(entries):
        assert needle not in text, needle
    for entry in entries:
        assert f"/{entry.lead_entrant_id}/" not in text


def test_judge_pages_and_media_are_blind(client, seeded):
    round_, judges, entries = seeded
    judge = judges[0]
    client.force_login(judge)
    pages = [reverse("judging:home"), reverse("judging:queue", args=[round_.pk])]
    for assignment in Assignment.objects.filter(judge=judge, active=True):
        pages.append(reverse("judging:score", args=[assignment.pk]))
    media_urls = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        _assert_blind(html, entries)
        media_urls += re.findall(r'(?:src|poster)="(/cham-thi/tep/[^"]+)"', html)
    assert len(media_urls) >= 2 * 5
    for url in media_urls:
        _assert_blind(url, entries)
        response = client.get(url)
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert re.fullmatch(
            r'inline; filename="KMM-TST-\d{4}-\d(-[a-z0-9]+)?\.(mp4|jpg|webp)"', disposition
        ), disposition
        body = b"".join(response.streaming_content)
        for needle in _forbidden_strings(entries):
            assert needle.encode() not in body
    # The sheet saved by the judge shows nothing else either.
    assignment = Assignment.objects.filter(judge=judge, active=True).first()
    response = client.post(
        reverse("judging:autosave", args=[assignment.pk]), {"comment_organisers": "ok", "version": 0}
    )
    _assert_blind(response.content.decode(), entries)


def test_media_supports_range_requests(client, seeded):
    _round, judges, _entries = seeded
    client.force_login(judges[0])
    assignment = Assignment.objects.filter(judge=judges[0], active=True).first()
    html = client.get(reverse("judging:score", args=[assignment.pk])).content.decode()
    video = re.search(r'<source src="([^"]+)" type="video/mp4"', html).group(1)
    response = client.get(video, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Range"].startswith("bytes 0-99/")
    assert len(b"".join(response.streaming_content)) == 100
    assert client.get(video, HTTP_RANGE="bytes=99999999-").status_code == 416


def test_other_judge_cannot_reach_sheet_or_media(client, seeded):
    round_, judges, _entries = seeded
    mine = Assignment.objects.filter(judge=judges[0], active=True).first()
    html_client = client
    html_client.force_login(judges[0])
    media_url = re.search(
        r'src="(/cham-thi/tep/[^"]+)"',
        html_client.get(reverse("judging:score", args=[mine.pk])).content.decode(),
    ).group(1)
    intruder = JudgeFactory()
    client.force_login(intruder)
    assert client.get(reverse("judging:score", args=[mine.pk])).status_code == 404
    assert client.post(reverse("judging:autosave", args=[mine.pk]), {}).status_code == 404
    assert client.get(media_url).status_code == 404
    assert client.get(media_url[:-3] + "abc/").status_code == 404
    assert client.get(reverse("judging:oversee", args=[round_.pk])).status_code == 404
    assert client.get(reverse("judging:export", args=[round_.pk, "diem", "csv"])).status_code == 404


def test_withdrawn_consent_hides_entry_from_judge(client, seeded):
    round_, judges, entries = seeded
    client.force_login(judges[0])
    assignment = Assignment.objects.get(judge=judges[0], entry=entries[0])
    type(entries[0]).objects.filter(pk=entries[0].pk).update(consent_complete=False)
    assert client.get(reverse("judging:score", args=[assignment.pk])).status_code == 404
    assert entries[0].code not in client.get(reverse("judging:queue", args=[round_.pk])).content.decode()


def test_autosave_refuses_bad_score_with_message(client, seeded):
    round_, judges, _entries = seeded
    client.force_login(judges[0])
    assignment = Assignment.objects.filter(judge=judges[0], active=True).first()
    first = round_.rubric.criteria.order_by("sort_order").first()
    url = reverse("judging:autosave", args=[assignment.pk])
    ok = client.post(url, {f"c_{first.pk}": "7.5", "version": 0})
    assert ok.status_code == 200
    assert ok.json()["ok"]
    bad = client.post(url, {f"c_{first.pk}": "12", "version": 1})
    assert bad.status_code == 400
    assert "từ 0 đến 10" in bad.json()["errors"][f"c_{first.pk}"][0]
    assert assignment.sheet.scores.get().value == 7.5


def test_other_scores_hidden_until_own_submitted(client, seeded):
    round_, judges, entries = seeded
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    others = Assignment.objects.filter(entry=entries[0]).exclude(judge=judges[0])
    for a in others:
        save_sheet(
            assignment=a,
            base_version=sheet_version(assignment=a),
            actor=a.judge,
            scores={c.pk: "9" for c in criteria},
            submit=True,
        )
    mine = Assignment.objects.get(entry=entries[0], judge=judges[0])
    client.force_login(judges[0])
    url = reverse("judging:score", args=[mine.pk])
    assert "Điểm các giám khảo khác" not in client.get(url).content.decode()
    response = client.post(url, {**{f"c_{c.pk}": "5" for c in criteria}, "action": "submit", "version": 0})
    assert response.status_code == 302
    assert "Điểm các giám khảo khác" in client.get(url).content.decode()


def test_closed_round_form_is_read_only(client, seeded, organiser):
    round_, judges, _entries = seeded
    transition_round(round_=round_, to_state=RoundState.CLOSED, actor=organiser)
    client.force_login(judges[0])
    assignment = Assignment.objects.filter(judge=judges[0], active=True).first()
    response = client.post(
        reverse("judging:autosave", args=[assignment.pk]), {"comment_organisers": "x", "version": 0}
    )
    assert response.status_code == 409


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queue_and_oversee_query_counts_do_not_grow(client, organiser, django_assert_max_num_queries):
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges)
    for _ in range(5):
        JudgeableEntryFactory(contest=panel.contest)
    round_ = RoundFactory(panel=panel)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    queue_url = reverse("judging:queue", args=[round_.pk])
    oversee_url = reverse("judging:oversee", args=[round_.pk])
    client.force_login(judges[0])
    client.get(queue_url)  # first request fills per-process caches (content types, site, locale)
    small_queue = _count_queries(client, queue_url)
    client.force_login(panel.head_judge)
    client.get(oversee_url)
    small_oversee = _count_queries(client, oversee_url)
    for _ in range(25):
        JudgeableEntryFactory(contest=panel.contest)
    assign_round(round_=round_, actor=organiser)
    client.force_login(judges[0])
    with django_assert_max_num_queries(13):  # 12 + the check that the judge has declared affiliations
        assert _count_queries(client, queue_url) == small_queue
    client.force_login(panel.head_judge)
    with django_assert_max_num_queries(20):
        assert _count_queries(client, oversee_url) == small_oversee


def test_organiser_exports_scores_and_ranking_with_identities(client, seeded, organiser):
    round_, _judges, entries = seeded
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    for a in Assignment.objects.filter(round=round_, active=True).select_related("judge"):
        save_sheet(
            assignment=a,
            base_version=sheet_version(assignment=a),
            actor=a.judge,
            scores={c.pk: "8" for c in criteria},
            submit=True,
        )
    client.force_login(organiser)
    scores = client.get(reverse("judging:export", args=[round_.pk, "diem", "csv"])).content.decode()
    assert entries[0].code in scores
    ranking = client.get(reverse("judging:export", args=[round_.pk, "xep-hang", "csv"])).content.decode()
    assert SECRET_NAMES[0] in ranking
    xlsx = client.get(reverse("judging:export", args=[round_.pk, "xep-hang", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    # The head judge sees the ranking by code only.
    client.force_login(round_.panel.head_judge)
    page = client.get(reverse("judging:ranking", args=[round_.pk])).content.decode()
    assert entries[0].code in page
    assert SECRET_NAMES[0] not in page


def test_head_judge_closes_round_and_reminds(client, seeded, mailoutbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    round_, _judges, _entries = seeded
    client.force_login(round_.panel.head_judge)
    response = client.post(reverse("judging:remind", args=[round_.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("judging:transition", args=[round_.pk]), {"to_state": "closed", "confirmed": "1"}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == RoundState.CLOSED
    response = client.post(
        reverse("judging:transition", args=[round_.pk]), {"to_state": "finalised", "confirmed": "1"}
    )
    round_.refresh_from_db()
    assert round_.state == RoundState.CLOSED


def test_sheet_autosave_messages_follow_the_language(client, seeded):
    from django.utils import translation

    _round, judges, _entries = seeded
    client.force_login(judges[0])
    assignment = Assignment.objects.filter(judge=judges[0], active=True).first()
    vi = client.get(reverse("judging:score", args=[assignment.pk])).content.decode()
    assert 'data-saved-draft-text="Đã lưu nháp lúc"' in vi
    with translation.override("en"):
        url = reverse("judging:score", args=[assignment.pk])
    en = client.get(url).content.decode()
    assert 'data-saved-draft-text="Draft saved at"' in en
    assert "Connection lost" in en


def test_stale_autosave_is_refused_with_the_saved_sheet(client, seeded):
    round_, judges, _entries = seeded
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    assignment = Assignment.objects.filter(judge=judges[0], active=True).first()
    # Another browser submits 9/9/9 while this page still holds version 0.
    save_sheet(
        assignment=assignment,
        actor=judges[0],
        base_version=0,
        scores={c.pk: "9" for c in criteria},
        comment_entrant="Bài rất cảm động, em đã kể rõ câu chuyện của mình.",
        submit=True,
    )
    client.force_login(judges[0])
    url = reverse("judging:autosave", args=[assignment.pk])
    response = client.post(url, {f"c_{criteria[0].pk}": "1", "version": 0})
    assert response.status_code == 409
    saved = response.json()["saved"]
    assert saved["version"] == 1
    assert saved["state"] == "submitted"
    assert saved["scores"][str(criteria[0].pk)] == "9"
    assignment.sheet.refresh_from_db()
    assert assignment.sheet.total == 90
    # Even based on the right version, an autosave never touches a submitted sheet.
    assert client.post(url, {f"c_{criteria[0].pk}": "1", "version": 1}).status_code == 409


def test_stale_submit_shows_both_versions_and_keeps_the_saved_one(client, seeded):
    round_, judges, _entries = seeded
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    assignment = Assignment.objects.filter(judge=judges[0], active=True).first()
    save_sheet(
        assignment=assignment,
        actor=judges[0],
        base_version=0,
        scores={c.pk: "9" for c in criteria},
        submit=True,
    )
    client.force_login(judges[0])
    url = reverse("judging:score", args=[assignment.pk])
    mine = {f"c_{c.pk}": "1" for c in criteria}
    response = client.post(url, {**mine, "action": "submit", "version": 0})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Phiếu chấm đã được lưu ở nơi khác" in html
    assert "Bản của thầy cô" in html
    assert "Bản đã lưu" in html
    assert 'name="version" value="1"' in html
    assert 'value="resubmit"' in html
    assignment.sheet.refresh_from_db()
    assert assignment.sheet.total == 90
    # Choosing "mine" is an explicit re-submit, based on the version just shown, and it is audited.
    response = client.post(url, {**mine, "action": "resubmit", "version": 1})
    assert response.status_code == 302
    assignment.sheet.refresh_from_db()
    assert assignment.sheet.total == 10
    change = SheetChange.objects.get(sheet=assignment.sheet)
    assert (change.before["total"], change.after["total"], change.actor) == ("90.000", "10.000", judges[0])


def test_submit_says_submitted_and_save_says_draft(client, seeded):
    round_, judges, _entries = seeded
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    assignment = Assignment.objects.filter(judge=judges[0], active=True).first()
    client.force_login(judges[0])
    with translation.override("vi"):  # an earlier test's request may have left English active
        url = reverse("judging:score", args=[assignment.pk])
    draft = client.post(url, {f"c_{criteria[0].pk}": "5", "action": "save", "version": 0}, follow=True)
    assert "Đã lưu nháp phiếu chấm." in draft.content.decode()
    done = client.post(
        url, {**{f"c_{c.pk}": "5" for c in criteria}, "action": "submit", "version": 1}, follow=True
    )
    html = done.content.decode()
    assert f"Đã nộp phiếu chấm bài {assignment.entry.code}." in html
    assert "Đã lưu phiếu chấm" not in html
    assert "Nộp lại phiếu" in html


def test_sheet_without_version_is_refused_with_400(client, seeded):
    _round, judges, _entries = seeded
    assignment = Assignment.objects.filter(judge=judges[0], active=True).first()
    client.force_login(judges[0])
    response = client.post(reverse("judging:autosave", args=[assignment.pk]), {"version": "abc"})
    assert response.status_code == 400


def _submit(assignment, value="8"):
    criteria = list(assignment.round.rubric.criteria.order_by("sort_order"))
    save_sheet(
        assignment=assignment,
        actor=assignment.judge,
        base_version=sheet_version(assignment=assignment),
        scores={c.pk: value for c in criteria},
        submit=True,
    )


def test_closing_warns_with_unscored_assignments_then_closes_on_confirmation(client, open_round):
    assignments = list(
        Assignment.objects.filter(round=open_round, active=True).select_related("judge", "entry")
    )
    for a in assignments[1:]:
        _submit(a)
    missing = assignments[0]
    # A third judge added to an entry, who never opens it.
    extra_judge = next(
        j
        for j in open_round.test_judges
        if not Assignment.objects.filter(round=open_round, judge=j, entry=missing.entry).exists()
    )
    extra = add_judge_to_entry(
        round_=open_round, entry=missing.entry, judge=extra_judge, actor=open_round.panel.head_judge
    )
    client.force_login(open_round.panel.head_judge)
    url = reverse("judging:transition", args=[open_round.pk])
    with translation.override("vi"):
        warning = client.post(url, {"to_state": "closed"})
    assert warning.status_code == 200
    html = warning.content.decode()
    assert "Còn 2 phân công chưa nộp phiếu" in html
    assert missing.judge.full_name in html
    assert extra.judge.full_name in html
    assert html.count(f'data-code="{missing.entry.code}"') == 2
    open_round.refresh_from_db()
    assert open_round.state == RoundState.OPEN
    assert client.post(url, {"to_state": "closed", "confirmed": "1"}).status_code == 302
    open_round.refresh_from_db()
    assert open_round.state == RoundState.CLOSED


def test_scores_export_lists_unscored_assignments(client, open_round, organiser):
    assignments = list(
        Assignment.objects.filter(round=open_round, active=True).select_related("judge", "entry")
    )
    for a in assignments[1:]:
        _submit(a)
    client.force_login(organiser)
    export = client.get(reverse("judging:export", args=[open_round.pk, "diem", "csv"])).content.decode()
    lines = [line for line in export.splitlines() if assignments[0].judge.email in line]
    assert any(assignments[0].entry.code in line and "Chưa chấm" in line for line in lines)
    assert len(export.strip().splitlines()) == 1 + len(assignments)


def test_finalising_asks_for_confirmation_and_says_what_freezes(client, open_round, organiser):
    for a in Assignment.objects.filter(round=open_round, active=True).select_related(
        "judge", "round__rubric"
    ):
        _submit(a)
    transition_round(round_=open_round, to_state=RoundState.CLOSED, actor=organiser)
    client.force_login(organiser)
    url = reverse("judging:transition", args=[open_round.pk])
    with translation.override("vi"):
        page = client.post(url, {"to_state": "finalised"})
    assert page.status_code == 200
    assert "cố định điểm và hạng" in page.content.decode()
    assert "Mọi phân công đã nộp phiếu" in page.content.decode()
    open_round.refresh_from_db()
    assert open_round.state == RoundState.CLOSED
    response = client.post(url, {"to_state": "finalised", "confirmed": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("judging:ranking", args=[open_round.pk]).split("/", 2)[-1])
    open_round.refresh_from_db()
    assert open_round.state == RoundState.FINALISED


def test_ranking_page_groups_divisions_and_shows_tie_details(client, organiser):
    judges = [JudgeFactory() for _ in range(2)]
    panel = PanelFactory(judges=judges)
    contest = panel.contest
    first = contest.divisions.first()
    second = DivisionFactory(campaign=contest.campaign, name="Bảng THPT")
    contest.divisions.add(second)
    round_ = RoundFactory(panel=panel, judges_per_entry=2)
    tied = [JudgeableEntryFactory(contest=contest, division=first) for _ in range(2)]
    other = JudgeableEntryFactory(contest=contest, division=second)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    plans = {tied[0].pk: ("8", "6", "5"), tied[1].pk: ("7", "7", "6"), other.pk: ("5", "5", "5")}
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    for a in Assignment.objects.filter(round=round_).select_related("judge"):
        save_sheet(
            assignment=a,
            actor=a.judge,
            base_version=0,
            scores=dict(zip([c.pk for c in criteria], plans[a.entry_id], strict=True)),
            submit=True,
        )
    client.force_login(organiser)
    with translation.override("vi"):
        html = client.get(reverse("judging:ranking", args=[round_.pk])).content.decode()
    sections = re.findall(
        r'<section class="ranking-division"[^>]*>\s*<h2>([^<]+)</h2>(.*?)</section>', html, re.S
    )
    assert [name for name, _body in sections] == [first.name, "Bảng THPT"]
    assert tied[0].code in sections[0][1]
    assert other.code in sections[1][1]
    assert "Thông điệp: 8,00" in sections[0][1]
    assert "Thông điệp: 7,00" in sections[0][1]


def test_organiser_previews_saves_and_reassigns_in_the_portal(client, organiser):
    judges = [JudgeFactory(full_name=f"Trần Thị Giám khảo {i}") for i in range(3)]
    panel = PanelFactory(judges=judges)
    entry = JudgeableEntryFactory(contest=panel.contest)
    round_ = RoundFactory(panel=panel, judges_per_entry=2)
    client.force_login(panel.head_judge)
    assert client.get(reverse("judging:assignment_plan", args=[round_.pk])).status_code == 404
    client.force_login(organiser)
    with translation.override("vi"):
        page = client.get(reverse("judging:assignment_plan", args=[round_.pk])).content.decode()
    assert "Lần phân công tiếp theo sẽ thêm 2 lượt chấm" in page
    assert not Assignment.objects.filter(round=round_).exists()
    client.post(reverse("judging:save_assignment", args=[round_.pk]))
    assert Assignment.objects.filter(round=round_, active=True).count() == 2
    moving = Assignment.objects.filter(round=round_, active=True).first()
    free = next(
        j for j in judges if not Assignment.objects.filter(round=round_, judge=j, active=True).exists()
    )
    url = reverse("judging:reassign", args=[round_.pk])
    response = client.post(
        url, {"entry_code": entry.code.lower(), "from_judge": moving.judge_id, "to_judge": free.pk}
    )
    assert response.status_code == 302
    assert Assignment.objects.get(round=round_, judge=free, entry=entry).active
    bad = client.post(
        url, {"entry_code": "KHÔNG-CÓ", "from_judge": free.pk, "to_judge": moving.judge_id}, follow=True
    )
    assert "không được phân công chấm bài có mã này" in bad.content.decode()
