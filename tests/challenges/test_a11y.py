"""axe-core in Chromium finds no serious or critical violation on the challenges' pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import sync_playwright

from challenges.enums import ClipState
from tests.browser import launch_chromium
from tests.challenges.conftest import DISPLAY, consent
from tests.factories import EntrantFactory
from tests.factories.clips import ChallengeFactory, ClipFactory
from tests.signin import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def test_challenge_pages_have_no_blocking_violation(live_server):
    challenge = ChallengeFactory(title="Thử thách “Hỏi trước khi đăng”", slug="hoi-truoc-khi-dang")
    pupil = EntrantFactory(full_name="Ngô Thị Thảo")
    consent(pupil, purposes=DISPLAY)
    shown = ClipFactory(
        challenge=challenge,
        author=pupil,
        state=ClipState.APPROVED,
        on_wall=True,
        probe={"width": 9, "height": 16},
    )
    ClipFactory(
        challenge=challenge, author=pupil, state=ClipState.REJECTED, rejection_reason="Lộ biển số xe."
    )
    urls = [
        reverse("challenges:index"),
        reverse("challenges:detail", args=[challenge.slug]),
        reverse("challenges:send", args=[challenge.slug]),
        reverse("challenges:mine"),
        reverse("challenges:clip", args=[shown.pk]),
    ]
    problems = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
            browser_sign_in(page, live_server.url, pupil.email)
            axe = Axe()
            for url in urls:
                page.goto(live_server.url + url)
                found = axe.run(page).response["violations"]
                problems += [f"{url}: {v['id']} ({v['impact']})" for v in found if v["impact"] in BLOCKING]
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
        finally:
            browser.close()
    assert problems == []
