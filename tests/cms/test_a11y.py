"""axe-core, run in Chromium, finds no serious or critical accessibility violation on any kind of page.

axe-playwright-python injects the axe.min.js it ships with; nothing is fetched while the tests run."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import sync_playwright

from cms.demo import load_demo
from contest.models import Contest
from judging.enums import RoundState
from judging.models import Assignment
from judging.services.rounds import transition_round
from privacy.services import consent as consent_services
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import PASSWORD, CoordinatorFactory, EntrantFactory, JudgeFactory, OrganiserFactory
from tests.factories.entries import draft_entry
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def _violations(axe, page, url):
    response = page.goto(url)
    assert response.url == url, f"{url} redirected to {response.url}"
    found = axe.run(page).response["violations"]
    return [
        f"{url}: {v['id']} ({v['impact']}) {[node['target'] for node in v['nodes']][:3]}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def _login(page, base, email):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert reverse("accounts:login") not in page.url


@pytest.fixture
def world():
    ensure_wagtail_root()
    load_demo()
    contest = Contest.objects.get(slug="bai-viet")
    entrant = EntrantFactory(full_name="Trần Thu Hà")
    entry = draft_entry(contest=contest, entrant=entrant, title="Lá thư gửi bạn thân")
    invitation = consent_services.request_guardian_consent(
        entrant=entrant, guardian_email="me.ha@example.vn", actor=entrant
    )
    coordinator = CoordinatorFactory(school=entrant.school)
    judge = JudgeFactory()
    panel = PanelFactory(judges=[judge])
    round_ = RoundFactory(panel=panel, judges_per_entry=1)
    JudgeableEntryFactory(contest=panel.contest, division=panel.contest.divisions.first())
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=OrganiserFactory())
    return {
        "entrant": entrant,
        "entry": entry,
        "guardian_page": reverse(
            "privacy:guardian", kwargs={"token": consent_services.guardian_link_token(invitation)}
        ),
        "coordinator": coordinator,
        "judge": judge,
        "assignment": Assignment.objects.get(judge=judge),
    }


def test_pages_have_no_serious_or_critical_axe_violation(live_server, world):
    base = live_server.url
    axe = Axe()
    problems = []
    public = [
        "/",
        "/cuoc-thi/",
        "/cuoc-thi/video/",
        "/cam-nang/khong-gui-anh-rieng-tu/",
        "/en/",
        "/en/cuoc-thi/",
    ]
    public += [reverse("accounts:login"), reverse("accounts:register"), "/khong-co-trang-nay/"]
    signed_in = {
        "entrant": [
            reverse("submissions:edit", args=[world["entry"].pk]),
            reverse("submissions:my_entries"),
            reverse("privacy:mine"),
            reverse("accounts:dashboard"),
        ],
        "coordinator": [reverse("consent:coordinator")],
        "judge": [
            reverse("judging:home"),
            reverse("judging:score", args=[world["assignment"].pk]),
        ],
    }
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for scheme in ("light", "dark"):
                page = browser.new_context(color_scheme=scheme).new_page()
                for url in public:
                    problems += _violations(axe, page, base + url)
                problems += _violations(axe, page, base + world["guardian_page"])
            for role, urls in signed_in.items():
                page = browser.new_context().new_page()
                _login(page, base, world[role].email)
                for url in urls:
                    problems += _violations(axe, page, base + url)
        finally:
            browser.close()
    assert problems == []
