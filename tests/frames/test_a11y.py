"""axe-core finds no serious or critical violation on the frame page, in both languages, before and after a
photo is chosen (the editor shows); the keys zoom the preview, and a phone photo is drawn turned as its EXIF
orientation says. The demo's own frames are used."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from cms.demo import load_demo
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories.frames import photo_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BLOCKING = {"serious", "critical"}


def _blocking(axe, page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [f"{v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in found if v["impact"] in BLOCKING]


def test_frame_page_has_no_serious_accessibility_violation(live_server, tmp_path):
    ensure_wagtail_root()
    load_demo()
    photo = tmp_path / "anh.jpg"
    # Stored 300×200 (red left, blue right), tagged "turn 90° clockwise": upright, red is on top.
    photo.write_bytes(photo_jpeg(300, 200, orientation=6))
    axe = Axe()
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            for path in ("/khung-anh/", "/en/khung-anh/"):
                page.goto(live_server.url + path)
                assert _blocking(axe, page) == [], path
            page.goto(live_server.url + "/khung-anh/")
            page.locator("#id_photo").set_input_files(photo)
            expect(page.locator("#frame-canvas")).to_be_visible()
            assert _blocking(axe, page) == []
            top, bottom = page.evaluate(
                """() => { const c = document.getElementById('frame-canvas').getContext('2d');
                return [Array.from(c.getImageData(540, 300, 1, 1).data),
                        Array.from(c.getImageData(540, 800, 1, 1).data)]; }"""
            )
            assert top[0] > 150 > top[2], top
            assert bottom[2] > 150 > bottom[0], bottom
            # Tab reaches the preview, and the keys move and zoom it.
            page.locator("#frame-canvas").focus()
            page.keyboard.press("=")
            assert page.locator("#frame-zoom").input_value() == "110"
        finally:
            browser.close()
