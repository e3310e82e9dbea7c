"""An entrant's whole way through entering contests, in a real headless Chromium against the live server."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contest.enums import SchoolLevel
from submissions.enums import EntryState
from submissions.models import Entry, MediaAsset
from tests.browser import launch_chromium
from tests.factories import CampaignFactory, DivisionFactory
from tests.factories.entries import comic_contest, make_video, png_bytes, video_contest
from tests.signin import activation_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def contests():
    campaign = CampaignFactory()
    division = DivisionFactory(
        campaign=campaign, name="THCS", min_age=11, max_age=15, school_levels=[SchoolLevel.THCS]
    )
    video = video_contest(campaign=campaign, code="VID", title="Video ngắn", divisions=[division])
    comic = comic_contest(campaign=campaign, code="CMC", title="Truyện tranh", divisions=[division])
    return video, comic


def register(page, live_server):
    page.goto(f"{live_server.url}/dang-ky/")
    born = timezone.localdate().replace(year=timezone.localdate().year - 13, day=1)
    page.fill("#id_full_name", "Lê Thị Hoa")
    page.fill("#id_email", "hoa@khongmotminh.example")
    page.fill("#id_date_of_birth", born.strftime("%d/%m/%Y"))
    page.fill("#id_school_other", "THCS Lê Lợi")
    page.fill("#id_password1", "Mot-mat-khau-kho-doan-2025")
    page.fill("#id_password2", "Mot-mat-khau-kho-doan-2025")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dang-ky/kiem-tra-email/")
    page.goto(live_server.url + activation_path("hoa@khongmotminh.example"))
    page.wait_for_url("**/tai-khoan/")


def start_entry(page, live_server, contest):
    page.goto(f"{live_server.url}/bai-du-thi/du-thi/{contest.pk}/")
    page.click("text=Bắt đầu bài dự thi mới")
    page.wait_for_selector("#entry-form")


def test_entrant_enters_video_and_comic_contests(
    phone, live_server, contests, settings, tmp_path, immediate_tasks
):
    settings.UPLOAD_CHUNK_BYTES = 256 * 1024
    settings.UPLOAD_MAX_CHUNK_BYTES = 256 * 1024
    video_contest_, comic = contests
    page = phone
    register(page, live_server)

    # Video: chunks, with the connection cut twice on the way.
    start_entry(page, live_server, video_contest_)
    video = make_video(tmp_path / "phim-cua-em.mp4", seconds=3)
    assert video.stat().st_size > 4 * 256 * 1024
    cuts = {"before": 0, "after": 0}
    chunk_puts = []

    def flaky(route):
        request = route.request
        if request.method != "PUT":
            route.continue_()
            return
        chunk_puts.append(request.url)
        if len(chunk_puts) == 2:
            cuts["before"] += 1
            route.abort("connectionreset")  # lost before reaching the server
        elif len(chunk_puts) == 5:
            route.fetch()  # the server stores the chunk, the answer is lost on the way back
            cuts["after"] += 1
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/tai-len/*/?offset=*", flaky)
    page.fill("#id_title", "Đừng tin lời lạ")
    page.fill("#id_statement", "Phim kể về một bạn suýt bị lừa qua mạng.")
    page.wait_for_selector("text=Đã tự lưu")
    page.set_input_files("#file-input", str(video))
    page.wait_for_selector(".asset-name >> text=phim-cua-em.mp4", timeout=60_000)
    page.unroute("**/tai-len/*/?offset=*")
    assert cuts == {"before": 1, "after": 1}
    asset = MediaAsset.objects.get(entry__contest=video_contest_)
    assert asset.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    assert asset.size == video.stat().st_size
    page.click("#submit-button")
    page.wait_for_selector(".receipt")
    receipt = page.inner_text(".receipt")
    assert "KMM-VID-0001" in receipt
    assert "phim-cua-em.mp4" in receipt
    assert "lần nộp thứ 1" in receipt

    # Comic: three pages, reordered with the keyboard-friendly buttons.
    start_entry(page, live_server, comic)
    pages = []
    for number in (1, 2, 3):
        path = tmp_path / f"trang-{number}.png"
        path.write_bytes(png_bytes(label=str(number), color=(40 * number, 80, 160)))
        pages.append(str(path))
    page.set_input_files("#file-input", pages)
    page.wait_for_selector("#asset-list li:nth-child(3)", timeout=60_000)
    page.click("#asset-list li:nth-child(3) button:has-text('Lên')")
    page.wait_for_load_state()
    page.locator("#asset-list li:nth-child(1) button:has-text('Xuống')").press("Enter")
    page.wait_for_load_state()
    names = page.locator("#asset-list .asset-name").all_inner_texts()
    assert names == ["trang-3.png", "trang-1.png", "trang-2.png"]
    page.click("#submit-button")
    page.wait_for_selector(".receipt")
    assert "KMM-CMC-0001" in page.inner_text(".receipt")
    comic_entry = Entry.objects.get(contest=comic)
    assert list(comic_entry.assets.order_by("position").values_list("original_name", flat=True)) == [
        "trang-3.png",
        "trang-1.png",
        "trang-2.png",
    ]

    # Edit before the deadline: a re-submission, kept as a new version.
    page.goto(f"{live_server.url}/bai-du-thi/")
    page.click(f"#entry-{Entry.objects.get(contest=video_contest_).pk} >> text=Mở và sửa")
    page.fill("#id_title", "Đừng tin lời người lạ")
    page.click("#submit-button")
    page.wait_for_selector(".receipt")
    assert "lần nộp thứ 2" in page.inner_text(".receipt")
    video_entry = Entry.objects.get(contest=video_contest_)
    assert (video_entry.title, video_entry.version) == ("Đừng tin lời người lạ", 2)
    assert len([m for m in mail.outbox if "Biên nhận" in m.subject]) == 3

    # After the deadline (server time): locked, and a forced submit is refused.
    video_contest_.closes_at = timezone.now() - timedelta(seconds=1)
    video_contest_.opens_at = timezone.now() - timedelta(days=2)
    video_contest_.save()
    page.goto(f"{live_server.url}/bai-du-thi/{video_entry.pk}/")
    assert "Đã hết hạn nộp bài" in page.inner_text("#locked-note")
    assert page.locator("#submit-button").count() == 0
    status = page.evaluate(
        """async (url) => {
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            const response = await fetch(url, {method: "POST", headers: {"X-CSRFToken": token}});
            return response.status;
        }""",
        f"/bai-du-thi/{video_entry.pk}/nop/",
    )
    assert status == 403
    video_entry.refresh_from_db()
    assert (video_entry.state, video_entry.version) == (EntryState.SUBMITTED, 2)

    page.goto(f"{live_server.url}/bai-du-thi/")
    listing = page.inner_text("main")
    assert "KMM-VID-0001" in listing
    assert "KMM-CMC-0001" in listing
    assert "Đã tải lên" in listing


def test_entrant_uploads_video_straight_to_s3_with_presigned_parts(
    phone, live_server, contests, settings, s3_storages, tmp_path, immediate_tasks
):
    settings.UPLOAD_CHUNK_BYTES = 5 * 1024 * 1024
    s3_storages["client"].put_bucket_cors(
        Bucket=s3_storages["private"],
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": [live_server.url],
                    "AllowedMethods": ["PUT"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": ["ETag"],
                }
            ]
        },
    )
    video_contest_, _comic = contests
    page = phone
    register(page, live_server)
    start_entry(page, live_server, video_contest_)
    video = make_video(tmp_path / "phim.mp4", seconds=2, noisy=True)
    assert video.stat().st_size > 10 * 1024 * 1024
    part_puts = []

    def flaky(route):
        if route.request.method == "PUT":
            part_puts.append(route.request.url)
            if len(part_puts) == 2:
                route.abort("connectionreset")
                return
        route.continue_()

    page.route(f"{s3_storages['client'].meta.endpoint_url}/**", flaky)
    page.set_input_files("#file-input", str(video))
    page.wait_for_selector(".asset-name >> text=phim.mp4", timeout=90_000)
    assert len(part_puts) == -(-video.stat().st_size // (5 * 1024 * 1024)) + 1  # one part sent twice
    assert all("X-Amz-Signature" in url and "uploadId" in url for url in part_puts)
    asset = MediaAsset.objects.get()
    assert asset.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    head = s3_storages["client"].head_object(Bucket=s3_storages["private"], Key=asset.original.name)
    assert head["ContentLength"] == video.stat().st_size
    page.click("#submit-button")
    page.wait_for_selector(".receipt")
    assert "KMM-VID-0001" in page.inner_text(".receipt")
