"""On a phone in Chromium: a parent opens the guardian link from the e-mail, makes an account of their
own, signs in and sends a clip; an organiser approves it (two-step sign-in); the parent then sees the
clip on the wall under the name they chose."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from challenges.enums import ClipState
from challenges.models import Clip
from contest.enums import Role
from contest.models import User
from privacy.services.consent import request_guardian_consent
from tests.browser import launch_chromium
from tests.challenges.conftest import years_ago
from tests.factories import PASSWORD, EntrantFactory, OrganiserFactory
from tests.factories.clips import ChallengeFactory, make_clip
from tests.signin import browser_sign_in, enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def test_parent_makes_an_account_from_the_guardian_link_and_sends_a_clip(live_server, settings, tmp_path):
    from playwright.sync_api import sync_playwright

    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    settings.UPLOAD_CHUNK_BYTES = 64 * 1024
    settings.UPLOAD_MAX_CHUNK_BYTES = 64 * 1024
    challenge = ChallengeFactory(title="Thử thách “Không giữ bí mật xấu”", slug="khong-giu-bi-mat-xau")
    child = EntrantFactory(full_name="Phan Gia Bảo", date_of_birth=years_ago(13))
    request_guardian_consent(
        entrant=child, guardian_email="me.bao@example.vn", guardian_name="Nguyễn Thị Thuỷ", actor=child
    )
    (letter,) = [m for m in mail.outbox if m.to == ["me.bao@example.vn"]]
    link = re.search(r"https?://[^/\s]+(/dong-y/phu-huynh/\S+/)", letter.body).group(1)
    organiser = OrganiserFactory(full_name="Phạm Quốc Bảo")
    video = make_clip(tmp_path / "VID_20260415_me-bao.mp4")
    SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            phone = browser.new_context(
                viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True
            ).new_page()
            phone.set_default_timeout(60_000)
            phone.goto(live_server.url + link)
            phone.locator("#parent-account-offer a").click()
            phone.wait_for_selector("#parent-account-form")
            assert "me.bao@example.vn" in phone.content()
            phone.fill("input[name=full_name]", "Nguyễn Thị Thuỷ")
            phone.fill("input[name=password1]", PASSWORD)
            phone.fill("input[name=password2]", PASSWORD)
            phone.screenshot(path=str(SHOTS / "parent-account-360.png"), full_page=True)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
            with phone.expect_navigation():
                phone.locator("#parent-account-form button[type=submit]").click()
            assert "/dang-nhap/" in phone.url
            parent = User.objects.get(email="me.bao@example.vn")
            assert parent.role == Role.PARENT

            browser_sign_in(phone, live_server.url, parent.email)
            assert "Phan Gia Bảo" not in phone.content()  # the dashboard shows nothing of the child
            phone.locator(f"main a[href='{reverse('challenges:index')}']").first.click()
            phone.wait_for_load_state()
            phone.goto(live_server.url + reverse("challenges:detail", args=[challenge.slug]))
            phone.click("#send-clip")
            phone.wait_for_selector("#uploader")
            phone.set_input_files("#file-input", str(video))
            phone.wait_for_selector("#my-clips .clip-state[data-state=pending]", timeout=120_000)
            clip = Clip.objects.get()
            assert clip.author == parent
            assert clip.state == ClipState.PENDING

            desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            desk.set_default_timeout(30_000)
            browser_sign_in(desk, live_server.url, organiser.email, enrol_totp(organiser))
            desk.goto(live_server.url + reverse("challenges_queue"))
            desk.click(f"tr[data-clip='{clip.pk}'] a")
            desk.wait_for_selector("#clip-moderation")
            with desk.expect_navigation():
                desk.click("#approve")
            clip.refresh_from_db()
            assert clip.state == ClipState.APPROVED

            phone.goto(live_server.url + reverse("challenges:detail", args=[challenge.slug]))
            card = phone.locator(f"#wall-clip-{clip.pk}")
            card.wait_for()
            assert "Nguyễn Thị Thuỷ" in card.inner_text()
            assert card.locator("video").bounding_box()["width"] <= 360
            phone.screenshot(path=str(SHOTS / "parent-clip-wall-360.png"), full_page=True)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
            assert any(m.to == [parent.email] and "duyệt" in m.subject for m in mail.outbox)
        finally:
            browser.close()


def test_guardian_and_parent_account_pages_have_no_blocking_violation(live_server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from tests.factories.parents import guardian_link

    child = EntrantFactory(full_name="Lý Minh Khoa", date_of_birth=years_ago(12))
    _, token = guardian_link(child, email="bo.khoa@example.vn", name="Lý Văn Tâm")
    urls = [reverse("privacy:guardian", args=[token]), reverse("privacy:guardian_account", args=[token])]
    problems = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
            axe = Axe()
            for url in urls:
                page.goto(live_server.url + url)
                found = axe.run(page).response["violations"]
                problems += [
                    f"{url}: {v['id']} ({v['impact']})"
                    for v in found
                    if v["impact"] in {"serious", "critical"}
                ]
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
        finally:
            browser.close()
    assert problems == []
