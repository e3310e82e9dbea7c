"""Issue 12's journey in one piece, in Chromium on a phone, on the embedded default: the organiser finalises
the round and allocates the prizes with a tie at a prize boundary decided; the head judge co-signs; the
organiser publishes to draft; the head of the organising board approves in the Wagtail workflow; the live
results page and gallery play every kind of work (all eight, processed by the real pipeline); then a guardian
withdraws "public display" and within 60 s the work is gone from every public page, its public files answer
404, and the CDN purge was requested."""

import time
from urllib.parse import urlsplit

import pytest
import requests
from django.core.files.storage import storages
from django.urls import reverse
from playwright import sync_api as playwright

from cms.demo import load_demo
from cms.frontend_cache import RecordingBackend
from cms.results_pages import GalleryPage, ResultsPage
from contest.enums import ContestKind, MediaKind, PrizeTier
from judging.enums import RoundState
from judging.services.rounds import transition_round
from privacy.enums import ConsentPurpose
from privacy.services.consent import guardian_link_url
from results.enums import PurgeState, ResultState
from results.models import Award, ContestResult, PublicEntry, PublicFile, PurgeRequest
from submissions.enums import EntryState
from submissions.models import Entry
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import ContestFactory, DivisionFactory
from tests.factories.privacy import GuardianRequestFactory, give_full_consent
from tests.factories.publication import contest_page, head_of_board
from tests.factories.results import judged_contest
from tests.results.test_gallery_kinds import PLAYERS
from tests.results.test_publication_browser import approve_in_wagtail, assert_plays, shot
from tests.signin import browser_sign_in, enrol_totp
from tests.submissions.test_identity_every_kind import DUMMY_TASKS, KINDS, processed_entry

PHONE = {"width": 360, "height": 740}
# One score per kind; the drawing and the poster tie at the boundary between the third prize and the
# commendations, which the organiser must decide.
SCORES = {
    ContestKind.VIDEO: "9",
    ContestKind.MUSIC: "8.5",
    ContestKind.DRAWING: "8",
    ContestKind.POSTER: "8",
    ContestKind.COMIC: "7.5",
    ContestKind.ESSAY: "7",
    ContestKind.PRESENTATION: "6.5",
    ContestKind.GAME_DESIGN: "6",
}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_finalise_allocate_cosign_publish_approve_play_and_take_down(live_server, settings, tmp_path):
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
    works = {}
    for kind in KINDS:
        folder = tmp_path / kind.value
        folder.mkdir()
        entry, _organiser, entrant, _school = processed_entry(kind, folder)
        give_full_consent(entrant, purposes=(ConsentPurpose.DISPLAY_WORK, ConsentPurpose.DISPLAY_IDENTITY))
        Entry.objects.filter(pk=entry.pk).update(
            contest=contest, division=division, state=EntryState.ELIGIBLE
        )
        entry.refresh_from_db()
        works[kind] = entry
    case = judged_contest(
        scores=[SCORES[kind] for kind in KINDS],
        prizes={PrizeTier.FIRST: 1, PrizeTier.SECOND: 1, PrizeTier.THIRD: 1, PrizeTier.COMMENDATION: 5},
        contest=contest,
        division=division,
        entries=list(works.values()),
        finalise=False,
    )
    transition_round(round_=case.round, to_state=RoundState.CLOSED, actor=case.organiser)
    boss = head_of_board()
    # From here the worker runs every job as it is queued, and the CDN records what it is asked to forget.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "cms.frontend_cache.RecordingBackend"}}
    RecordingBackend.reset()
    drawing, poster = works[ContestKind.DRAWING].code, works[ContestKind.POSTER].code
    base = live_server.url

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            desk = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            browser_sign_in(desk, base, case.organiser.email, enrol_totp(case.organiser))
            # 1. Finalise the round.
            desk.goto(base + reverse("judging:oversee", args=[case.round.pk]))
            with desk.expect_navigation():
                desk.locator("form:has(input[value=finalised]) button").click()
            with desk.expect_navigation():
                desk.locator("[data-confirm-transition]").click()
            case.round.refresh_from_db()
            assert case.round.state == RoundState.FINALISED

            # 2. The tie at the third prize is shown, allocating is refused until it is decided.
            desk.goto(base + reverse("results:detail", args=[contest.pk]))
            assert desk.locator("tr[data-undecided='1']").count() == 2
            with desk.expect_navigation():
                desk.locator("#allocate button").click()
            assert "chưa được quyết định" in desk.content()
            tie = desk.locator(".tie[data-rank='3']")
            tie.locator("input[name=order]").fill(f"{poster}, {drawing}")
            tie.locator("input[name=reason]").fill(
                "Biên bản họp ban giám khảo ngày 20/11: áp phích rõ thông điệp hơn"
            )
            with desk.expect_navigation():
                tie.locator("button").click()
            with desk.expect_navigation():
                desk.locator("#allocate button").click()
            assert desk.locator("#awards tr[data-code]").count() == 8
            shot(desk, "journey-1-allocated")

            # 3. The head judge co-signs (two-step sign-in).
            judge = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            browser_sign_in(judge, base, case.head_judge.email, enrol_totp(case.head_judge))
            judge.goto(base + reverse("results:detail", args=[contest.pk]))
            with judge.expect_navigation():
                judge.locator("#cosign button").click()
            result = ContestResult.objects.get(contest=contest)
            assert result.state == ResultState.COSIGNED
            tiers = dict(Award.objects.filter(result=result).values_list("entry__code", "tier"))
            assert tiers[poster] == PrizeTier.THIRD
            assert tiers[drawing] == PrizeTier.COMMENDATION

            # 4. The organiser publishes to draft; the head of the board approves both pages.
            desk.goto(base + reverse("publication:publish", args=[contest.pk]))
            with desk.expect_navigation():
                desk.locator("[data-publish]").click()
            assert desk.context.request.get(base + "/cuoc-thi/sang-tac/ket-qua/").status == 404
            head = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            browser_sign_in(head, base, boss.email, enrol_totp(boss))
            for model in (ResultsPage, GalleryPage):
                approve_in_wagtail(
                    head, base, model.objects.get(contest=contest, locale__language_code="vi").pk
                )
            assert ContestResult.objects.get(contest=contest).state == ResultState.PUBLISHED

            # 5. Anyone, on a phone: the results page, the gallery, and every kind plays.
            visitor = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            visitor.goto(base + "/cuoc-thi/sang-tac/ket-qua/")
            assert visitor.locator("li.card[data-entry]").count() == len(KINDS)
            assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            shot(visitor, "journey-2-results")
            visitor.goto(base + "/cuoc-thi/sang-tac/thu-vien-tac-pham/")
            assert visitor.locator(".gallery-card").count() == len(KINDS)
            for kind, entry in works.items():
                visitor.goto(base + reverse("gallery:entry", args=[PublicEntry.objects.get(entry=entry).key]))
                for player in PLAYERS[kind]:
                    assert_plays(visitor, player)
                assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], kind
                shot(visitor, f"journey-3-{kind.value}")

            # 6. The video's guardian withdraws public display through the link.
            video = works[ContestKind.VIDEO]
            key = PublicEntry.objects.get(entry=video).key
            files = [
                base + storages["default"].url(f.key)
                for f in PublicFile.objects.filter(public_entry__entry=video)
            ]
            assert files
            assert {requests.get(url, timeout=10).status_code for url in files} == {200}
            RecordingBackend.reset()
            link = urlsplit(guardian_link_url(GuardianRequestFactory(entrant=video.lead_entrant))).path
            guardian = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            guardian.goto(base + link)
            guardian.locator("input[name=participation]").check()
            guardian.locator("input[name=display_work]").uncheck()
            guardian.locator("input[name=display_identity]").uncheck()
            started = time.monotonic()
            with guardian.expect_navigation():
                guardian.locator("#guardian-form button[type=submit]").click()
            while time.monotonic() - started < 60:
                visitor.goto(base + "/cuoc-thi/sang-tac/thu-vien-tac-pham/")
                if visitor.locator(f'a[href*="{key}"]').count() == 0:
                    break
                time.sleep(1)
            assert time.monotonic() - started < 60
            visitor.goto(base + "/cuoc-thi/sang-tac/ket-qua/")
            assert visitor.locator(f'[data-entry="{key}"]').count() == 0
            assert visitor.goto(base + reverse("gallery:entry", args=[key])).status == 404
            assert {requests.get(url, timeout=10).status_code for url in files} == {404}
            assert PurgeRequest.objects.filter(state=PurgeState.DONE).exists()
            assert any(url.endswith(f"/ket-qua/bai/{key}/") for url in RecordingBackend.purged)
            shot(visitor, "journey-4-after-withdrawal")
        finally:
            browser.close()
