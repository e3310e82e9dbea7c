"""On a phone in Chromium: a pupil signs the wall with a message; the wall counts her at once but shows
no message; an organiser signs in with both steps and approves it in the admin; the message then appears
on the wall, credited as consent allows."""

from pathlib import Path

import pytest
from django.urls import reverse

from pledges.enums import MessageState
from pledges.models import Pledge
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import EntrantFactory, OrganiserFactory, SchoolFactory
from tests.pledges.conftest import years_ago
from tests.signin import browser_sign_in, enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
MESSAGE = "Em hứa sẽ kể với mẹ khi có người lạ bảo em giữ bí mật – hứa-nhé"


def test_a_pupil_signs_on_a_phone_and_her_message_appears_after_moderation(live_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    ensure_wagtail_root()
    school = SchoolFactory(name="THCS Nguyễn Du", ward="Phường Bến Thành")
    pupil = EntrantFactory(full_name="Nguyễn Thị Lan", date_of_birth=years_ago(14), school=school)
    organiser = OrganiserFactory(full_name="Phạm Quốc Bảo")
    SHOTS.mkdir(parents=True, exist_ok=True)
    wall = live_server.url + reverse("pledges:wall")

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            phone = browser.new_context(
                viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True
            ).new_page()
            phone.set_default_timeout(30_000)
            browser_sign_in(phone, live_server.url, pupil.email)
            phone.goto(wall)
            assert phone.locator("#pledge-total").inner_text() == "0"
            phone.click("#sign-pledge")
            phone.wait_for_selector("#pledge-form")
            for box in phone.locator("#pledge-form input[name=commitments]").all():
                box.check()
            phone.fill("#id_message", MESSAGE)
            phone.check("#id_show_name")
            phone.screenshot(path=str(tmp_path / "1-ky-ten-360.png"), full_page=True)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
            with phone.expect_navigation():
                phone.click("#pledge-form button[type=submit]")
            assert "Lời nhắn đang chờ duyệt" in phone.locator("#message-state").inner_text()
            phone.screenshot(path=str(tmp_path / "2-da-ky-360.png"), full_page=True)
            pledge = Pledge.objects.get(signer=pupil)
            assert pledge.message_state == MessageState.PENDING

            phone.goto(wall)
            assert phone.locator("#pledge-total").inner_text() == "1"
            assert phone.locator("#pledge-my-school").inner_text().endswith("1 · Phường Bến Thành: 1")
            assert MESSAGE not in phone.content()
            assert phone.locator("#wall-empty").is_visible()
            phone.screenshot(path=str(tmp_path / "3-tuong-chua-duyet-360.png"), full_page=True)

            desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            desk.set_default_timeout(30_000)
            browser_sign_in(desk, live_server.url, organiser.email, enrol_totp(organiser))
            desk.goto(live_server.url + reverse("pledges_queue"))
            desk.click(f"tr[data-pledge='{pledge.pk}'] a")
            desk.wait_for_selector("#pledge-text")
            assert MESSAGE in desk.locator("#pledge-text").inner_text()
            with desk.expect_navigation():
                desk.click("form[action$='/duyet/'] button")
            assert "Đã duyệt" in desk.locator("#pledge-state").inner_text()
            desk.screenshot(path=str(tmp_path / "4-duyet.png"), full_page=True)
            pledge.refresh_from_db()
            assert pledge.message_state == MessageState.APPROVED

            phone.goto(wall)
            card = phone.locator(f"#pledge-message-{pledge.pk}")
            card.wait_for()
            assert MESSAGE in card.inner_text()
            # Lan is 14 and no guardian agreed to show her name: the wall names her school only.
            assert "Một bạn học sinh trường THCS Nguyễn Du" in card.inner_text()
            assert "Nguyễn Thị Lan" not in phone.content()
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
            phone.screenshot(path=str(tmp_path / "5-tuong-da-duyet-360.png"), full_page=True)

            # The counts refresh by themselves from the JSON endpoint (polled by wall.js).
            other = EntrantFactory(school=school)
            from tests.factories.pledges import sign

            sign(other)
            phone.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
            expect(phone.locator("#pledge-total")).to_have_text("2", timeout=20_000)
        finally:
            for shot in tmp_path.glob("*.png"):
                (SHOTS / f"pledges-{shot.name}").write_bytes(shot.read_bytes())
            browser.close()
