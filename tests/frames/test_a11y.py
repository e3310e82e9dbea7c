"""axe-core finds no serious or critical violation on the frame page, in both languages, before and after a
photo is chosen (the editor shows). The demo's own frames are used."""

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
    photo.write_bytes(photo_jpeg(800, 600))
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
            # Tab reaches the preview, and the keys move and zoom it.
            page.locator("#frame-canvas").focus()
            page.keyboard.press("=")
            assert page.locator("#frame-zoom").input_value() == "110"
        finally:
            browser.close()
