import re

import pytest
from django.urls import reverse
from playwright import sync_api as playwright

from judging.enums import RoundState, SheetState
from judging.models import Assignment, Panel, Round, Rubric
from judging.services.rounds import transition_round
from tests.browser import launch_chromium
from tests.factories import (
    PASSWORD,
    ContestFactory,
    DivisionFactory,
    HeadJudgeFactory,
    JudgeFactory,
    OrganiserFactory,
)
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory
from tests.signin import browser_sign_in, enrol_totp


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
            browser_sign_in(head, live_server.url, panel.head_judge.email, enrol_totp(panel.head_judge))
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


def _choose(page, field, title):
    """Picks `title` in a Wagtail snippet chooser: the button opens a modal listing the snippets."""
    page.locator(f"#{field}-chooser .chooser__choose-button").click()
    page.locator(f".modal a[data-chooser-modal-choice]:has-text('{title}')").click()
    page.locator(".modal").wait_for(state="hidden")
    assert title in page.locator(f"#{field}-title").inner_text()


def _save_admin_form(page):
    with page.expect_navigation():
        page.locator("form button.action-save").click()


CRITERIA = [
    # name, weight, tie-break priority
    ("Thông điệp an toàn", "50", "1"),
    ("Sáng tạo", "30", "2"),
    ("Kỹ thuật quay dựng", "10", ""),
]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_organiser_sets_up_judging_in_the_ui_and_finalises_per_division(live_server, mailoutbox, settings):
    """Everything an organiser does goes through the pages: inviting three judges, the rubric with its
    weighted criteria (the Wagtail snippet form and its inline panel), a panel reusable across contests with
    its head judge and judges, the round naming its contest, the assignment preview, saving and reassigning,
    opening. Judges declare and score; the head judge closes with the warning; the organiser finalises and
    sees the ranking per division. Only the accounts of the organiser and head judge, the contest and its
    eligible entries come from factories: they are made by other parts of the platform."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    organiser = OrganiserFactory()
    head_judge = HeadJudgeFactory(full_name="Vũ Minh Tâm")
    contest = ContestFactory(title="Video: Không một mình trên mạng")
    second = DivisionFactory(campaign=contest.campaign, name="Bảng THPT")
    contest.divisions.add(second)
    divisions = [contest.divisions.exclude(pk=second.pk).first(), second]
    entries = [JudgeableEntryFactory(contest=contest, division=divisions[i % 2]) for i in range(6)]
    invited = [
        ("hoa.le@truong.example", "Lê Thị Hoa"),
        ("duc.pham@truong.example", "Phạm Văn Đức"),
        ("anh.tran@truong.example", "Trần Ngọc Ánh"),
    ]
    password = "Chấm-thi-2026!an-toàn"

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            org = browser.new_context().new_page()
            browser_sign_in(org, live_server.url, organiser.email, enrol_totp(organiser))
            for email, name in invited:
                org.goto(live_server.url + reverse("judging_invite"))
                org.fill("#id_email", email)
                org.fill("#id_full_name", name)
                with org.expect_navigation():
                    org.locator("[data-invite-form] button[type=submit]").click()
                assert email in org.content()
            assert len(mailoutbox) == 3

            # The rubric: three criteria in the inline panel; weights adding up to 90 are refused with the sum.
            org.goto(live_server.url + reverse("wagtailsnippets_judging_rubric:add"))
            org.fill("#id_name", "Thang điểm video 2026")
            org.fill("#id_description", "Chấm theo thông điệp trước, rồi sáng tạo và kỹ thuật.")
            for index, (name, weight, priority) in enumerate(CRITERIA):
                if index:
                    org.get_by_role("button", name="Thêm Tiêu chí chấm").click()
                org.fill(f"#id_criteria-{index}-name", name)
                org.fill(f"#id_criteria-{index}-weight", weight)
                org.fill(f"#id_criteria-{index}-step", "0.5")
                org.fill(f"#id_criteria-{index}-levels", "10: Xuất sắc\n5: Đạt\n0: Chưa đạt")
                org.fill(f"#id_criteria-{index}-tie_break_priority", priority)
            _save_admin_form(org)
            assert "Tổng trọng số các tiêu chí là 90%" in org.content()
            assert not Rubric.objects.exists()
            org.fill("#id_criteria-2-weight", "20")
            _save_admin_form(org)
            assert org.url.endswith(reverse("wagtailsnippets_judging_rubric:list"))
            rubric = Rubric.objects.get()
            assert [(c.name, c.weight) for c in rubric.criteria.order_by("sort_order")] == [
                ("Thông điệp an toàn", 50),
                ("Sáng tạo", 30),
                ("Kỹ thuật quay dựng", 20),
            ]

            # The panel: reusable (no contest), its head judge and the three invited judges, chosen by name.
            org.goto(live_server.url + reverse("wagtailsnippets_judging_panel:add"))
            org.fill("#id_name", "Hội đồng giám khảo video")
            org.select_option("#id_head_judge", label=head_judge.full_name)
            for _email, name in invited:
                org.locator("#panel-judges-content").get_by_label(name, exact=True).check()
            _save_admin_form(org)
            assert org.url.endswith(reverse("wagtailsnippets_judging_panel:list"))
            panel = Panel.objects.get()
            assert panel.contest is None
            assert panel.head_judge == head_judge
            assert sorted(panel.judges.values_list("email", flat=True)) == sorted(e for e, _n in invited)

            # The round: the panel, the rubric and the contest it judges (every division), two judges per entry.
            org.goto(live_server.url + reverse("wagtailsnippets_judging_round:add"))
            org.fill("#id_name", "Vòng sơ khảo video")
            _choose(org, "id_panel", panel.name)
            _choose(org, "id_rubric", rubric.name)
            org.fill("#id_judges_per_entry", "2")
            _save_admin_form(org)
            # A reusable panel judges no contest of its own: the round must name one, and says so.
            assert "hãy chọn cuộc thi của vòng" in org.locator("#panel-contest-content").inner_text()
            assert not Round.objects.exists()
            _choose(org, "id_contest", contest.title)
            _save_admin_form(org)
            assert org.url.endswith(reverse("wagtailsnippets_judging_round:list"))
            round_ = Round.objects.get()
            assert (round_.panel, round_.rubric, round_.contest, round_.division) == (
                panel,
                rubric,
                contest,
                None,
            )
            assert round_.judges_per_entry == 2

            # From the round list to its controls, then to the assignment preview.
            with org.expect_navigation():
                org.locator(f"a[href='{reverse('judging:oversee', args=[round_.pk])}']").click()
            with org.expect_navigation():
                org.locator("[data-assignment-plan]").click()
            assert "thêm 12 lượt chấm" in org.locator("[data-preview-summary]").inner_text()
            with org.expect_navigation():
                org.locator("[data-save-assignment]").click()
            moving = Assignment.objects.filter(round=round_, active=True).select_related("entry").first()
            busy = set(
                Assignment.objects.filter(round=round_, entry=moving.entry, active=True).values_list(
                    "judge_id", flat=True
                )
            )
            free = panel.judges.exclude(pk__in=busy).first()
            org.fill("#id_entry_code", moving.entry.code)
            org.select_option("#id_from_judge", str(moving.judge_id))
            org.select_option("#id_to_judge", str(free.pk))
            with org.expect_navigation():
                org.locator("[data-reassign] button[type=submit]").click()
            assert f"Đã chuyển bài {moving.entry.code}" in org.content()
            with org.expect_navigation():
                org.locator("[data-open-round]").click()
            round_.refresh_from_db()
            assert round_.state == RoundState.OPEN
            assert Assignment.objects.get(round=round_, judge=free, entry=moving.entry).active

            skipped = None
            for number, message in enumerate(mailoutbox):
                link = re.search(r"https?://\S+/cham-thi/dat-mat-khau/\S+/", message.body).group(0)
                judge_page = browser.new_context().new_page()
                judge_page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
                judge_page.fill("input[name=new_password1]", password)
                judge_page.fill("input[name=new_password2]", password)
                with judge_page.expect_navigation():
                    judge_page.locator("form button[type=submit]").last.click()
                judge_page.fill("input[name=username]", message.to[0])
                judge_page.fill("input[name=password]", password)
                with judge_page.expect_navigation():
                    judge_page.locator("form button[type=submit]").last.click()
                judge_page.goto(live_server.url + reverse("judging:home"))
                assert judge_page.url.endswith(reverse("judging:declare"))
                judge_page.check("#id_confirmed")
                with judge_page.expect_navigation():
                    judge_page.locator("[data-declaration] button[type=submit]").click()
                mine = Assignment.objects.filter(round=round_, judge__email=message.to[0], active=True)
                for index, assignment in enumerate(mine.order_by("position")):
                    if number == 0 and index == 0:
                        skipped = assignment.entry.code  # this judge never scores their first entry
                        continue
                    judge_page.goto(live_server.url + reverse("judging:score", args=[assignment.pk]))
                    for field in judge_page.locator("input[data-score]").all():
                        field.fill(str(5 + (assignment.entry_id + index) % 5))
                    with judge_page.expect_navigation():
                        judge_page.locator("button[value=submit]").click()
                    assert "Đã nộp phiếu chấm bài" in judge_page.content()

            head = browser.new_context().new_page()
            browser_sign_in(head, live_server.url, head_judge.email, enrol_totp(head_judge))
            head.goto(live_server.url + reverse("judging:oversee", args=[round_.pk]))
            with head.expect_navigation():
                head.locator("[data-close-round]").click()
            warning = head.locator("[data-unscored-warning]")
            assert "Còn 1 phân công chưa nộp phiếu" in warning.inner_text()
            assert head.locator(f"[data-unscored] tr[data-code='{skipped}']").count() == 1
            with head.expect_navigation():
                head.locator("[data-confirm-transition]").click()
            round_.refresh_from_db()
            assert round_.state == RoundState.CLOSED

            org.goto(live_server.url + reverse("judging:oversee", args=[round_.pk]))
            with org.expect_navigation():
                org.locator("form:has(input[value=finalised]) button").click()
            assert "cố định điểm và hạng" in org.content()
            with org.expect_navigation():
                org.locator("[data-confirm-transition]").click()
            round_.refresh_from_db()
            assert round_.state == RoundState.FINALISED
            headings = org.locator("section.ranking-division h2").all_inner_texts()
            assert headings == [divisions[0].name, "Bảng THPT"]
            for entry in entries:
                assert org.locator(f"tr[data-code='{entry.code}']").count() == 1
        finally:
            browser.close()
