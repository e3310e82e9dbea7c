"""The gallery and the pages of a video, a comic and an essay on a 360 px phone in Chromium: nothing wider
than the screen, the video loads and seeks from the public store, the comic reads page by page, pictures
open in the lightbox. Screenshots go to the test's temporary folder."""

import pytest
from django.urls import reverse

from contest.enums import ContestKind
from privacy.enums import ConsentPurpose
from results.public_files import publish_entry_files
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories.gallery import award
from tests.factories.privacy import give_full_consent
from tests.submissions.test_identity_every_kind import DUMMY_TASKS, processed_entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        context.close()
        browser.close()


def publish(kind, tmp_path):
    entry, _organiser, entrant, _school = processed_entry(kind, tmp_path / kind.value)
    give_full_consent(entrant, purposes=(ConsentPurpose.DISPLAY_WORK,))
    award(entry)
    return publish_entry_files(entry=entry)


def wait_until(page, expression: str, seconds: float = 30) -> None:
    """wait_for_function evaluates its predicate with eval(), which the pages' CSP forbids; poll instead."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(expression)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_gallery_video_comic_and_essay_on_a_phone(phone, live_server, tmp_path, settings):
    settings.TASKS = DUMMY_TASKS
    ensure_wagtail_root()
    for kind in (ContestKind.VIDEO, ContestKind.COMIC, ContestKind.ESSAY):
        (tmp_path / kind.value).mkdir()
    video, comic, essay = (
        publish(k, tmp_path) for k in (ContestKind.VIDEO, ContestKind.COMIC, ContestKind.ESSAY)
    )
    page = phone

    page.goto(live_server.url + reverse("gallery:list"))
    assert page.locator(".gallery-card").count() == 3
    assert fits_the_screen(page)
    page.screenshot(path=tmp_path / "gallery.png", full_page=True)

    page.goto(live_server.url + reverse("gallery:entry", args=[video.key]))
    player = page.locator("video")
    player.wait_for()
    wait_until(page, "document.querySelector('video').readyState >= 1")
    assert page.evaluate("document.querySelector('video').duration") > 1
    page.evaluate("document.querySelector('video').currentTime = 1.0")
    wait_until(page, "document.querySelector('video').readyState >= 2")
    assert fits_the_screen(page)
    page.screenshot(path=tmp_path / "video.png", full_page=True)

    page.goto(live_server.url + reverse("gallery:entry", args=[comic.key]))
    status = page.locator("[data-reader-status]")
    assert status.inner_text() == "Trang 1/2"
    page.click("[data-reader-next]")
    assert status.inner_text() == "Trang 2/2"
    assert page.locator("[data-reader] li[data-page]:visible").count() == 1
    assert fits_the_screen(page)
    page.screenshot(path=tmp_path / "comic.png", full_page=True)
    page.locator("[data-player=image] a[data-lightbox]").click()
    assert page.locator("dialog.lightbox[open]").count() == 1
    wait_until(page, "document.querySelector('dialog.lightbox img').complete")
    page.screenshot(path=tmp_path / "lightbox.png")
    page.click(".lightbox-close")
    assert page.locator("dialog.lightbox[open]").count() == 0

    page.goto(live_server.url + reverse("gallery:entry", args=[essay.key]))
    assert page.locator(".essay-reader .essay p").count() >= 2
    assert fits_the_screen(page)
    page.screenshot(path=tmp_path / "essay.png", full_page=True)
    print("screenshots in", tmp_path)
