import pytest
from django.urls import reverse
from playwright import sync_api as playwright

from judging.enums import RoundState, SheetState
from judging.models import Assignment
from judging.services.rounds import transition_round
from tests.browser import launch_chromium
from tests.factories import PASSWORD, JudgeFactory, OrganiserFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory


def _login(page, base, email):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_judge_scores_with_keyboard_reloads_and_head_judge_closes(live_server):
    judge = JudgeFactory()
    panel = PanelFactory(judges=[judge])
    round_ = RoundFactory(panel=panel, judges_per_entry=1)
    division = panel.contest.divisions.first()
    entries = [JudgeableEntryFactory(contest=panel.contest, division=division) for _ in range(3)]
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=OrganiserFactory())
    # Two entries tie at 68/100; the first tie-break criterion ("Thông điệp") puts the first one ahead.
    plan = {
        entries[0].code: ["8", "6", "5"],
        entries[1].code: ["6", "10", "4"],
        entries[2].code: ["5", "5", "5"],
    }

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context().new_page()
            _login(page, live_server.url, judge.email)
            page.goto(live_server.url + reverse("judging:queue", args=[round_.pk]))
            page.locator(".queue-item").first.click()
            for number in range(3):
                # The sheet's script binds its shortcuts on load; keys pressed before that would be lost.
                page.wait_for_load_state("load")
                code = page.locator("h1.entry-code").inner_text().strip()
                scores = plan[code]
                page.keyboard.press("g")
                page.keyboard.type(scores[0])
                page.keyboard.press("Enter")
                page.keyboard.type(scores[1])
                if number == 0:
                    page.wait_for_selector("[data-status]:has-text('Đã lưu')")
                    page.reload(wait_until="load")
                    values = page.locator("input[data-score]").evaluate_all("els => els.map(e => e.value)")
                    assert values[:2] == scores[:2]
                    page.locator("input[data-score]").nth(1).focus()
                page.keyboard.press("Enter")
                page.keyboard.type(scores[2])
                with page.expect_navigation():
                    page.keyboard.press("Control+Enter")
            assert "Đã nộp 3/3" in page.content()

            head = browser.new_context().new_page()
            _login(head, live_server.url, panel.head_judge.email)
            head.goto(live_server.url + reverse("judging:oversee", args=[round_.pk]))
            with head.expect_navigation():
                head.locator("[data-close-round]").click()
            assert head.locator("[data-all-scored]").count() == 1
            with head.expect_navigation():
                head.locator("[data-confirm-transition]").click()
            assert "Đã khoá điểm" in head.content()
            head.goto(live_server.url + reverse("judging:ranking", args=[round_.pk]))
            first = head.locator(f"tr[data-code='{entries[0].code}']")
            second = head.locator(f"tr[data-code='{entries[1].code}']")
            assert first.get_attribute("data-rank") == "1"
            assert second.get_attribute("data-rank") == "2"
            assert "Thông điệp" in first.locator(".tie-note").inner_text()
            assert "Thông điệp" in head.locator(".tie-rule").inner_text()
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_stale_sheet_keeps_the_submitted_one_and_shows_the_conflict(live_server):
    """Two browsers, one judge: an offline draft kept in the first must not overwrite the sheet the second
    submitted (the trial's 90 that became 10, still shown as submitted)."""
    judge = JudgeFactory()
    panel = PanelFactory(judges=[judge])
    round_ = RoundFactory(panel=panel, judges_per_entry=1)
    JudgeableEntryFactory(contest=panel.contest, division=panel.contest.divisions.first())
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=OrganiserFactory())
    assignment = Assignment.objects.get(round=round_, judge=judge)
    url = live_server.url + reverse("judging:score", args=[assignment.pk])

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            old = browser.new_context()
            stale = old.new_page()
            _login(stale, live_server.url, judge.email)
            stale.goto(url, wait_until="load")
            # The first browser loses its connection: its draft stays on the machine only.
            old.set_offline(True)
            stale.locator("input[data-score]").first.fill("1")
            stale.wait_for_selector("[data-status].is-error")

            fresh = browser.new_context().new_page()
            _login(fresh, live_server.url, judge.email)
            fresh.goto(url, wait_until="load")
            for field in fresh.locator("input[data-score]").all():
                field.fill("9")
            with fresh.expect_navigation():
                fresh.locator("button[value=submit]").click()
            assert "Đã nộp phiếu chấm bài" in fresh.content()
            assignment.sheet.refresh_from_db()
            assert assignment.sheet.total == 90

            # Back online, the first browser reloads: its local draft is sent, refused, and both are shown.
            old.set_offline(False)
            stale.reload(wait_until="load")
            conflict = stale.locator("[data-conflict]")
            conflict.wait_for(state="visible")
            assert "Đã nộp" in conflict.inner_text()
            rows = conflict.locator("[data-conflict-rows] tr").first.locator("td").all_inner_texts()
            assert rows == ["1", "9"]
            assignment.sheet.refresh_from_db()
            assert assignment.sheet.total == 90
            assert assignment.sheet.state == SheetState.SUBMITTED
            # Keeping the saved version drops the local draft for good.
            with stale.expect_navigation():
                conflict.locator("[data-keep-saved]").click()
            stale.wait_for_load_state("load")
            assert stale.locator("[data-conflict]").is_hidden()
            values = stale.locator("input[data-score]").evaluate_all("els => els.map(e => e.value)")
            assert values == ["9", "9", "9"]
        finally:
            browser.close()
