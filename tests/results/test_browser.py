"""The organiser finalises the round, decides a tie at a prize boundary and allocates; the head judge, signed
in with both steps, co-signs; the winner sees her prize. On a phone-sized screen, in Chromium."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright import sync_api as playwright

from contest.enums import PrizeTier
from judging.enums import RoundState
from judging.services.rounds import transition_round
from results.enums import ResultState
from results.models import Award, ContestResult
from results.services.prizes import transition_result
from submissions.enums import EntryState
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories.results import judged_contest
from tests.signin import browser_sign_in, enrol_totp

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "results"
PHONE = {"width": 360, "height": 780}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_finalise_allocate_with_a_tie_and_cosign(live_server):
    ensure_wagtail_root()
    case = judged_contest(
        scores=["9", "8", "8", "7"],
        prizes={PrizeTier.FIRST: 1, PrizeTier.SECOND: 1, PrizeTier.THIRD: 1},
        finalise=False,
    )
    transition_round(round_=case.round, to_state=RoundState.CLOSED, actor=case.organiser)
    first, tied_a, tied_b, last = (e.code for e in case.entries)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(viewport=PHONE).new_page()
            browser_sign_in(page, base, case.organiser.email, enrol_totp(case.organiser))
            # Finalise the round.
            page.goto(base + reverse("judging:oversee", args=[case.round.pk]))
            with page.expect_navigation():
                page.locator("form:has(input[value=finalised]) button").click()
            with page.expect_navigation():
                page.locator("[data-confirm-transition]").click()
            case.round.refresh_from_db()
            assert case.round.state == RoundState.FINALISED

            # The results page shows the tie at the boundary between the second and third prizes.
            page.goto(base + reverse("results:home"))
            with page.expect_navigation():
                page.locator(f"tr[data-contest='{case.contest.pk}'] a").click()
            assert page.locator("tr[data-undecided='1']").count() == 2
            page.screenshot(path=str(SHOTS / "1-tie-shown.png"), full_page=True)
            # Allocating now is refused and says why.
            with page.expect_navigation():
                page.locator("#allocate button").click()
            assert "chưa được quyết định" in page.content()

            tie = page.locator(".tie[data-rank='2']")
            tie.locator("input[name=order]").fill(f"{tied_b}, {tied_a}")
            tie.locator("input[name=reason]").fill("Biên bản họp ban giám khảo ngày 20/11")
            with page.expect_navigation():
                tie.locator("button").click()
            assert page.locator("tr[data-undecided='1']").count() == 0
            assert page.locator(f"tr[data-code='{tied_b}']").first.get_attribute("data-tier") == "second"
            with page.expect_navigation():
                page.locator("#allocate button").click()
            assert page.locator("#awards tr[data-code]").count() == 3
            page.screenshot(path=str(SHOTS / "2-allocated.png"), full_page=True)
            # Scrolls sideways inside its table, never the page.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"] + 1

            # The head judge signs in with both steps and co-signs.
            head = browser.new_context(viewport=PHONE).new_page()
            browser_sign_in(head, base, case.head_judge.email, enrol_totp(case.head_judge))
            head.goto(base + reverse("results:detail", args=[case.contest.pk]))
            assert head.locator("#cosign").count() == 1
            assert head.locator("#adjust").count() == 0
            head.screenshot(path=str(SHOTS / "3-head-judge.png"), full_page=True)
            with head.expect_navigation():
                head.locator("#cosign button").click()
            assert head.locator("#result-state").inner_text().strip() == ResultState.COSIGNED.label
            head.screenshot(path=str(SHOTS / "4-cosigned.png"), full_page=True)

            result = ContestResult.objects.get(contest=case.contest)
            assert result.state == ResultState.COSIGNED
            assert result.cosigned_by == case.head_judge
            tiers = dict(Award.objects.filter(result=result).values_list("entry__code", "tier"))
            assert tiers == {first: "first", tied_b: "second", tied_a: "third"}
            states = {e.code: e.state for e in case.entries if not e.refresh_from_db()}
            assert states[last] == EntryState.NOT_AWARDED
            assert states[tied_a] == EntryState.AWARDED

            # Once published, the winner sees her prize on her entry's page.
            transition_result(result=result, to_state=ResultState.PUBLISHED, actor=case.organiser)
            pupil = browser.new_context(viewport=PHONE).new_page()
            browser_sign_in(pupil, base, case.entries[0].lead_entrant.email)
            pupil.goto(base + reverse("submissions:edit", args=[case.entries[0].pk]))
            assert "Giải Nhất" in pupil.locator("#entry-outcome").inner_text()
            pupil.screenshot(path=str(SHOTS / "5-entrant.png"), full_page=True)
        finally:
            browser.close()
