"""The whole publication journey in Chromium on a phone, on the embedded default: an organiser publishes to
draft, the head of the organising board approves in the Wagtail workflow (two-step sign-in), the results
page and the gallery play every kind of work processed by the real pipeline, then a guardian withdraws
public display and the work is gone within the minute, with the CDN purge requested."""

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright import sync_api as playwright

from cms.demo import load_demo
from cms.frontend_cache import RecordingBackend
from cms.results_pages import HEAD_OF_BOARD_GROUP, GalleryPage, ResultsPage
from contest.enums import ContestKind, MediaKind, PrizeTier
from privacy.enums import ConsentPurpose
from privacy.services.consent import guardian_link_url
from results.enums import PurgeState, ResultState
from results.models import Award, ContestResult, PublicEntry, PurgeRequest
from results.services.publication import ensure_publication_workflow
from submissions.enums import EntryState
from submissions.models import Entry
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import ContestFactory, DivisionFactory, OrganiserFactory
from tests.factories.privacy import GuardianRequestFactory, give_full_consent
from tests.factories.publication import contest_page, cosigned_result
from tests.signin import browser_sign_in, enrol_totp
from tests.submissions.test_identity_every_kind import DUMMY_TASKS, processed_entry

PHONE = {"width": 360, "height": 740}
# One work of each way a work is played: video, music, a picture, pages, an essay.
JOURNEY_KINDS = {
    ContestKind.VIDEO: "video",
    ContestKind.MUSIC: "audio",
    ContestKind.DRAWING: "image",
    ContestKind.PRESENTATION: "pages",
    ContestKind.ESSAY: "essay",
}
SHOTS = Path("/tmp/kmm-publish-shots")


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def awarded_works(tmp_path, contest) -> dict[str, Entry]:
    """One entry per kind through the real pipeline, moved into the journey's contest and awarded."""
    division = contest.divisions.first()
    works = {}
    for position, (kind, player) in enumerate(JOURNEY_KINDS.items(), start=1):
        folder = tmp_path / kind.value
        folder.mkdir()
        entry, _organiser, entrant, _school = processed_entry(kind, folder)
        give_full_consent(entrant, purposes=(ConsentPurpose.DISPLAY_WORK, ConsentPurpose.DISPLAY_IDENTITY))
        Entry.objects.filter(pk=entry.pk).update(contest=contest, division=division, state=EntryState.AWARDED)
        entry.refresh_from_db()
        tier = [PrizeTier.FIRST, PrizeTier.SECOND, PrizeTier.THIRD][min(position, 3) - 1]
        Award.objects.create(
            result=ContestResult.objects.get(contest=contest),
            entry=entry,
            division=division,
            tier=tier if position <= 3 else PrizeTier.COMMENDATION,
            position=position,
            rank=position,
        )
        works[player] = entry
    return works


def approve_in_wagtail(page, base: str, page_id: int) -> None:
    page.goto(f"{base}/admin/pages/{page_id}/edit/")
    approve = page.locator(
        '[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).first
    with page.expect_navigation():
        if approve.is_visible():
            approve.click()
        else:
            approve.dispatch_event("click")
    page.wait_for_load_state()


def assert_plays(page, player: str) -> None:
    figure = page.locator(f'[data-player="{player}"]').first
    assert figure.count() == 1, player
    if player in ("video", "audio"):
        page.wait_for_function(
            f"() => document.querySelector('{player}') && document.querySelector('{player}').readyState >= 1",
            timeout=30_000,
        )
    elif player in ("image", "pages"):
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-player] img')].some(i => i.complete && i.naturalWidth > 0)",
            timeout=30_000,
        )
    else:
        assert len(figure.inner_text().strip()) > 20


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_publish_approve_play_and_take_down_on_a_phone(live_server, settings, tmp_path):
    settings.TASKS = DUMMY_TASKS
    ensure_wagtail_root()
    load_demo()
    division = DivisionFactory(name="Bảng THCS (hành trình)")
    contest = ContestFactory(
        title="Sáng tác “Không một mình”",
        title_en="Creative works “Not Alone”",
        slug="sang-tac",
        code="SANG",
        kind=ContestKind.VIDEO,
        accepted_media_kinds=[m.value for m in MediaKind],
        divisions=[division],
    )
    contest_page(contest)
    cosigned_result(contest)
    works = awarded_works(tmp_path, contest)
    # From here the worker runs every job as it is queued, and the CDN records what it is asked to forget.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "cms.frontend_cache.RecordingBackend"}}
    RecordingBackend.reset()
    organiser = OrganiserFactory(full_name="Phạm Thu Hà")
    boss = OrganiserFactory(full_name="Lê Văn Trưởng")
    ensure_publication_workflow()
    boss.groups.add(Group.objects.get(name=HEAD_OF_BOARD_GROUP))
    base = live_server.url

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            # 1. The organiser publishes to draft.
            desk = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True).new_page()
            browser_sign_in(desk, base, organiser.email, enrol_totp(organiser))
            desk.goto(base + reverse("publication:publish", args=[contest.pk]))
            shot(desk, "1-publish-form")
            with desk.expect_navigation():
                desk.locator("[data-publish]").click()
            assert desk.locator(".message-success").count() == 1
            assert desk.locator("tr[data-page]").count() == 4
            shot(desk, "2-drafts")
            results_page = ResultsPage.objects.get(contest=contest, locale__language_code="vi")
            gallery_page = GalleryPage.objects.get(contest=contest, locale__language_code="vi")
            assert not results_page.live
            assert desk.context.request.get(base + "/cuoc-thi/sang-tac/ket-qua/").status == 404

            # The organiser cannot approve: Wagtail offers no approve button and refuses the action.
            desk.goto(f"{base}/admin/pages/{results_page.pk}/edit/")
            assert desk.locator('[data-workflow-action-name="approve"]').count() == 0

            # 2. The head of the organising board approves both pages (two-step sign-in).
            head = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True).new_page()
            browser_sign_in(head, base, boss.email, enrol_totp(boss))
            approve_in_wagtail(head, base, results_page.pk)
            shot(head, "3-approved-in-wagtail")
            approve_in_wagtail(head, base, gallery_page.pk)
            results_page.refresh_from_db()
            assert results_page.live
            assert ContestResult.objects.get(contest=contest).state == ResultState.PUBLISHED

            # 3. Anyone: the live results page and the gallery play every kind.
            visitor = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True).new_page()
            visitor.goto(base + "/cuoc-thi/sang-tac/ket-qua/")
            assert visitor.locator("li.card[data-entry]").count() == len(works)
            assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            shot(visitor, "4-results-page")
            visitor.goto(base + "/en/cuoc-thi/sang-tac/ket-qua/")
            assert "Results: Creative works" in visitor.content()
            visitor.goto(base + "/cuoc-thi/sang-tac/thu-vien-tac-pham/")
            assert visitor.locator(".gallery-card").count() == len(works)
            shot(visitor, "5-gallery-page")
            for player, entry in works.items():
                key = PublicEntry.objects.get(entry=entry).key
                visitor.goto(base + reverse("gallery:entry", args=[key]))
                assert_plays(visitor, player)
                assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], player
                shot(visitor, f"6-plays-{player}")

            # 4. The video's guardian withdraws public display through the link.
            video = works["video"]
            video_key = PublicEntry.objects.get(entry=video).key
            RecordingBackend.reset()
            link = urlsplit(guardian_link_url(GuardianRequestFactory(entrant=video.lead_entrant))).path
            guardian = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True).new_page()
            guardian.goto(base + link)
            guardian.locator("input[name=participation]").check()
            guardian.locator("input[name=display_work]").uncheck()
            guardian.locator("input[name=display_identity]").uncheck()
            shot(guardian, "7-guardian-withdraws-display")
            started = time.monotonic()
            with guardian.expect_navigation():
                guardian.locator("#guardian-form button[type=submit]").click()
            while time.monotonic() - started < 60:
                visitor.goto(base + "/cuoc-thi/sang-tac/thu-vien-tac-pham/")
                if visitor.locator(f'a[href*="{video_key}"]').count() == 0:
                    break
                time.sleep(1)
            assert time.monotonic() - started < 60
            assert visitor.locator(".gallery-card").count() == len(works) - 1
            shot(visitor, "8-gallery-after-withdrawal")
            visitor.goto(base + "/cuoc-thi/sang-tac/ket-qua/")
            assert visitor.locator(f'[data-entry="{video_key}"]').count() == 0
            response = visitor.goto(base + reverse("gallery:entry", args=[video_key]))
            assert response.status == 404
            purge = PurgeRequest.objects.get()
            assert purge.state == PurgeState.DONE
            assert any(url.endswith(f"/ket-qua/bai/{video_key}/") for url in RecordingBackend.purged)
            assert any(url.endswith("/cuoc-thi/sang-tac/ket-qua/") for url in RecordingBackend.purged)
        finally:
            browser.close()
