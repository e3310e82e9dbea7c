"""In Chromium: a pupil votes on a published work from a 360 px phone and sees the total; a burst of votes
from thirty fresh accounts on one address follows; the organiser signs in with both steps, finds the
burst flagged in the admin's suspicious-votes view, voids it with a reason, and the public total drops
back. Screenshots go to the test's temporary folder."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.models import User
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import EntrantFactory, OrganiserFactory
from tests.factories.voting import voters, voting_contest
from tests.signin import browser_sign_in, enrol_totp
from voting.enums import VoteState, VotingAction
from voting.models import Vote, VotingEvent
from voting.services.votes import cast_vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_vote_burst_is_flagged_and_voided_by_an_organiser(live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    ensure_wagtail_root()
    settings, (work, _other) = voting_contest(new_account_votes=1, burst_votes=10, burst_minutes=60)
    pupil = EntrantFactory(full_name="Lê Minh Châu", email="minh-chau@hoc-sinh.example")
    User.objects.filter(pk=pupil.pk).update(date_joined=timezone.now() - timedelta(days=20))
    organiser = OrganiserFactory(full_name="Võ Thị Lan")
    entry_url = live_server.url + reverse("gallery:entry", args=[work.key])

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            phone = browser.new_context(
                viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True
            ).new_page()
            phone.set_default_timeout(30_000)
            browser_sign_in(phone, live_server.url, pupil.email)
            phone.goto(entry_url)
            assert phone.locator("[data-vote-total]").get_attribute("data-vote-total") == "0"
            phone.locator(".vote-button").click()
            phone.wait_for_load_state()
            assert "Cảm ơn em đã bình chọn" in phone.locator(".messages").inner_text()
            assert phone.locator("[data-vote-total]").get_attribute("data-vote-total") == "1"
            assert phone.locator(".vote-withdraw").is_visible()
            assert fits_the_screen(phone)
            phone.screenshot(path=tmp_path / "voted-360.png", full_page=True)
            phone.goto(live_server.url + reverse("gallery:list"))
            assert fits_the_screen(phone)
            phone.screenshot(path=tmp_path / "gallery-360.png", full_page=True)

            # Thirty accounts made a minute apart, each voting from one address within half an hour.
            start = timezone.now() - timedelta(minutes=40)
            for n, account in enumerate(voters(30, joined=start, apart=timedelta(minutes=1))):
                cast_vote(
                    voter=account,
                    entry_key=work.key,
                    ip="198.51.100.77",
                    device_id=f"may-{n}",
                    now=start + timedelta(minutes=n, seconds=30),
                )
            phone.goto(entry_url)
            assert phone.locator("[data-vote-total]").get_attribute("data-vote-total") == "31"

            desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
            desk.set_default_timeout(30_000)
            browser_sign_in(desk, live_server.url, organiser.email, enrol_totp(organiser))
            desk.goto(live_server.url + reverse("voting_bursts"))
            desk.select_option("#burst-filters select[name=contest]", str(settings.contest.pk))
            desk.select_option("#burst-filters select[name=kind]", "address")
            desk.locator("#burst-filters button[type=submit]").click()
            desk.wait_for_load_state()
            burst = desk.locator("section.burst[data-burst=address]")
            assert burst.count() == 1
            assert "30 phiếu từ 30 tài khoản" in burst.inner_text()
            desk.screenshot(path=tmp_path / "burst-flagged.png", full_page=True)
            burst.locator("textarea[name=reason]").fill("30 tài khoản mới, một địa chỉ mạng, trong 30 phút")
            burst.locator(".void-form button[type=submit]").click()
            desk.wait_for_load_state()
            assert "Đã huỷ 30 phiếu" in desk.content()
            desk.screenshot(path=tmp_path / "burst-voided.png", full_page=True)

            phone.goto(entry_url)
            assert phone.locator("[data-vote-total]").get_attribute("data-vote-total") == "1"
            phone.screenshot(path=tmp_path / "after-void-360.png", full_page=True)
        finally:
            browser.close()

    assert Vote.objects.filter(state=VoteState.VOIDED).count() == 30
    assert Vote.objects.get(voter=pupil).state == VoteState.COUNTED
    event = VotingEvent.objects.get()
    assert event.action == VotingAction.VOIDED
    assert event.actor == organiser
    assert event.reason.startswith("30 tài khoản mới")
    print("screenshots:", tmp_path)
