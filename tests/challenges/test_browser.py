"""On a phone in Chromium: a pupil sends a clip to a challenge with the resumable uploader; an organiser
signs in with both steps and approves it in the admin; the clip then plays on the wall, portrait."""

from pathlib import Path

import pytest
from django.urls import reverse

from challenges.enums import ClipState
from challenges.models import Clip
from tests.browser import launch_chromium
from tests.challenges.conftest import DISPLAY, consent, years_ago
from tests.factories import EntrantFactory, OrganiserFactory
from tests.factories.clips import ChallengeFactory, make_rotated_clip
from tests.signin import browser_sign_in, enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def test_pupil_sends_a_clip_from_a_phone_and_an_organiser_approves_it(live_server, settings, tmp_path):
    from playwright.sync_api import sync_playwright

    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    settings.UPLOAD_CHUNK_BYTES = 64 * 1024
    settings.UPLOAD_MAX_CHUNK_BYTES = 64 * 1024
    challenge = ChallengeFactory(title="Thử thách “Hỏi trước khi đăng”", slug="hoi-truoc-khi-dang")
    pupil = EntrantFactory(full_name="Đặng Thị Thu Hà", date_of_birth=years_ago(13))
    consent(pupil, purposes=DISPLAY, guardian=True)
    organiser = OrganiserFactory(full_name="Phạm Quốc Bảo")
    video = make_rotated_clip(tmp_path / "VID_20260412_thu-ha.mov", tmp_path)
    SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            phone = browser.new_context(
                viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True
            ).new_page()
            phone.set_default_timeout(60_000)
            browser_sign_in(phone, live_server.url, pupil.email)
            phone.goto(live_server.url + reverse("challenges:detail", args=[challenge.slug]))
            assert phone.locator("#wall-empty").is_visible()
            phone.click("#send-clip")
            phone.wait_for_selector("#uploader")
            phone.set_input_files("#file-input", str(video))
            phone.wait_for_selector("#my-clips .clip-state[data-state=pending]", timeout=120_000)
            phone.screenshot(path=str(SHOTS / "challenge-sent-360.png"), full_page=True)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
            clip = Clip.objects.get()
            assert clip.author == pupil
            assert clip.state == ClipState.PENDING

            desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            desk.set_default_timeout(30_000)
            browser_sign_in(desk, live_server.url, organiser.email, enrol_totp(organiser))
            desk.goto(live_server.url + reverse("challenges_queue"))
            desk.click(f"tr[data-clip='{clip.pk}'] a")
            desk.wait_for_selector("#clip-moderation")
            assert "Hà Đ." in desk.locator("#clip-moderation").inner_text()
            with desk.expect_navigation():
                desk.click("#approve")
            assert "Đã duyệt" in desk.locator("#clip-state").inner_text()
            clip.refresh_from_db()
            assert clip.state == ClipState.APPROVED

            phone.goto(live_server.url + reverse("challenges:detail", args=[challenge.slug]))
            card = phone.locator(f"#wall-clip-{clip.pk}")
            card.wait_for()
            assert "Hà Đ." in card.inner_text()
            assert "Đặng Thị Thu Hà" not in phone.content()
            player = card.locator("video")
            box = player.bounding_box()
            assert box["height"] > box["width"]  # portrait footage stays portrait
            assert box["width"] <= 360
            poster = phone.request.get(live_server.url + player.get_attribute("poster"))
            assert poster.status == 200
            assert poster.headers["content-type"] == "image/jpeg"
            phone.screenshot(path=str(SHOTS / "challenge-wall-360.png"), full_page=True)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        finally:
            browser.close()
