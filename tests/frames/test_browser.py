"""On a phone in headless Chromium: choose a frame, pick a photo with the file chooser, zoom, drag, download
PNG and JPEG of the frame's size. The network log shows the photo never leaves the browser: the only request
with a body is the download count, which carries the frame's id. A 50-megapixel photo loads without a crash."""

import os
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect, sync_playwright

from frames.models import FrameDownload
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories.frames import make_frame, photo_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "accept_downloads": True,
}
SHOTS = Path(os.environ.get("FRAMES_SHOTS", "/tmp/frames-shots"))


def _canvas_sample(page) -> list[int]:
    return page.evaluate(
        """() => { const c = document.getElementById('frame-canvas');
        return Array.from(c.getContext('2d').getImageData(c.width / 2 - 5, c.height / 2 - 5, 10, 10).data); }"""
    )


def _big_photo(path: Path) -> Path:
    image = Image.new("RGB", (8660, 5773), (40, 120, 90))
    draw = ImageDraw.Draw(image)
    for step in range(0, 8660, 433):
        draw.rectangle((step, 0, step + 200, 5773), fill=(200, 80 + step % 150, 60))
    image.save(path, "JPEG", quality=80)
    return path


def test_browser_frames_a_photo_on_a_phone_without_sending_it(live_server, tmp_path):
    ensure_wagtail_root()
    SHOTS.mkdir(parents=True, exist_ok=True)
    avatar = make_frame(title="Khung Không một mình")
    make_frame(title="Khung bìa Cùng nhau", kind="cover")
    photo = photo_jpeg(1600, 1200, noise=True)
    photo_path = tmp_path / "IMG_4521 Nguyễn Thị Lan.jpg"
    photo_path.write_bytes(photo)
    big_path = _big_photo(tmp_path / "anh-50-megapixel.jpg")
    base = live_server.url

    sent, console_errors, crashes = [], [], []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(**PHONE).new_page()
            page.on("request", lambda r: sent.append((r.method, r.url, r.post_data_buffer or b"")))
            page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
            page.on("crash", lambda _page: crashes.append(True))
            page.goto(f"{base}/khung-anh/")
            expect(page.get_by_role("heading", name="Khung ảnh đại diện")).to_be_visible()
            # With JavaScript the server form's own button is hidden: nothing can post the photo.
            expect(page.get_by_role("button", name="Ghép ảnh và tải về")).to_be_hidden()
            expect(page.get_by_text("Ảnh của em không được gửi đi đâu")).to_be_visible()
            expect(page.get_by_text("ảnh sẽ được gửi lên để ghép")).to_be_hidden()
            page.get_by_label("Khung Không một mình").check()
            with page.expect_file_chooser() as chooser:
                page.get_by_label("2. Chọn ảnh của em").click()
            chooser.value.set_files(photo_path)
            canvas = page.locator("#frame-canvas")
            expect(canvas).to_be_visible()
            expect(page.locator("#frame-status")).to_have_text(
                "Ảnh đã sẵn sàng. Hãy căn chỉnh rồi bấm Tải ảnh."
            )
            page.screenshot(path=SHOTS / "1-chon-anh.png", full_page=True)

            # Zoom with the keyboard and the slider, then drag with a finger-sized gesture.
            canvas.focus()
            before = _canvas_sample(page)
            page.keyboard.press("+")
            page.keyboard.press("+")
            assert int(page.locator("#frame-zoom").input_value()) > 100
            page.locator("#frame-zoom").fill("250")
            assert page.locator("#frame-zoom").input_value() == "250"
            page.keyboard.press("ArrowLeft")
            box = canvas.bounding_box()
            middle_x, middle_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(middle_x, middle_y)
            page.mouse.down()
            page.mouse.move(middle_x + 60, middle_y + 40, steps=5)
            page.mouse.up()
            assert _canvas_sample(page) != before
            page.screenshot(path=SHOTS / "2-phong-to-keo.png", full_page=True)

            for button, extension, pillow_format in (
                ("Tải ảnh PNG", "png", "PNG"),
                ("Tải ảnh JPEG", "jpg", "JPEG"),
            ):
                with (
                    page.expect_response(lambda r: r.url.endswith("/khung-anh/da-tai/")) as counted,
                    page.expect_download() as download,
                ):
                    page.get_by_role("button", name=button).click()
                assert counted.value.status == 204
                assert download.value.suggested_filename == f"khongmotminh-khung-anh.{extension}"
                saved = tmp_path / f"ket-qua.{extension}"
                download.value.save_as(saved)
                with Image.open(saved) as picture:
                    assert picture.format == pillow_format
                    assert picture.size == (1080, 1080)
                    picture.convert("RGB").save(SHOTS / f"3-ket-qua-{extension}.png")

            # A 50 MP photo from a good camera: cut down before drawing, no crash.
            with page.expect_file_chooser() as chooser:
                page.get_by_label("2. Chọn ảnh của em").click()
            chooser.value.set_files(big_path)
            expect(page.locator("#frame-status")).to_have_text(
                "Ảnh đã sẵn sàng. Hãy căn chỉnh rồi bấm Tải ảnh.", timeout=60_000
            )
            page.get_by_label("Khung bìa Cùng nhau").check()
            expect(canvas).to_have_attribute("width", "820")
            with page.expect_download() as download:
                page.get_by_role("button", name="Tải ảnh PNG").click()
            download.value.save_as(tmp_path / "bia.png")
            with Image.open(tmp_path / "bia.png") as picture:
                assert picture.size == (820, 312)
            page.screenshot(path=SHOTS / "4-anh-50mp-bia.png", full_page=True)
            page.wait_for_timeout(500)
        finally:
            browser.close()

    assert crashes == []
    assert [e for e in console_errors if "Content Security Policy" in e or "Refused" in e] == []
    with_body = [(method, url, body) for method, url, body in sent if body]
    assert [url.removeprefix(base) for _method, url, _body in with_body] == ["/khung-anh/da-tai/"] * 3
    probe = photo[len(photo) // 2 : len(photo) // 2 + 64]
    for _method, _url, body in with_body:
        assert len(body) < 2000
        assert probe not in body
        assert b"JFIF" not in body
        assert b"Exif" not in body
    assert all(method == "GET" for method, _url, body in sent if not body)
    counts = {(row.frame_id, row.source): row.count for row in FrameDownload.objects.all()}
    assert counts[(avatar.pk, "browser")] == 2
    assert sum(counts.values()) == 3
    assert {row.day for row in FrameDownload.objects.all()} == {timezone.localdate()}


def test_browser_without_javascript_gets_the_picture_from_the_plain_form(live_server, tmp_path):
    ensure_wagtail_root()
    SHOTS.mkdir(parents=True, exist_ok=True)
    make_frame(title="Khung bìa Cùng nhau", kind="cover")
    photo_path = tmp_path / "anh-cua-em.jpg"
    photo_path.write_bytes(photo_jpeg(1200, 900))
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(**PHONE, java_script_enabled=False).new_page()
            page.goto(f"{live_server.url}/khung-anh/")
            expect(page.locator("#frame-editor")).to_be_hidden()
            # Without JavaScript the page does not promise what it cannot keep: the photo is sent.
            expect(page.get_by_text("ảnh sẽ được gửi lên để ghép")).to_be_visible()
            expect(page.get_by_text("Ảnh của em không được gửi đi đâu")).to_be_hidden()
            page.get_by_label("Khung bìa Cùng nhau").check()
            page.get_by_label("2. Chọn ảnh của em").set_input_files(photo_path)
            page.get_by_label("Phía trên (hoặc bên trái)").check()
            page.get_by_label("JPEG (nhẹ hơn)").check()
            page.screenshot(path=SHOTS / "5-khong-javascript.png", full_page=True)
            with page.expect_download() as download:
                page.get_by_role("button", name="Ghép ảnh và tải về").click()
            saved = tmp_path / download.value.suggested_filename
            download.value.save_as(saved)
        finally:
            browser.close()
    assert saved.name == "khongmotminh-khung-anh.jpg"
    with Image.open(saved) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (820, 312)
    assert FrameDownload.objects.get().source == "server"
