"""The consent journey in a real headless Chromium: pupil, guardian, coordinator, organiser."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import sync_playwright

from contest.enums import ContestKind, MediaKind
from privacy.enums import ConsentGiver, ConsentPurpose
from privacy.services import consent as consent_services
from submissions.enums import EntryState
from submissions.models import Entry
from tests.browser import launch_chromium
from tests.factories import (
    PASSWORD,
    ContestFactory,
    CoordinatorFactory,
    DivisionFactory,
    EntrantFactory,
    EntryFactory,
    OrganiserFactory,
    SchoolFactory,
)
from tests.signin import activation_path, browser_sign_in, enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _years_ago(years):
    today = timezone.localdate()
    return today.replace(year=today.year - years)


def _login(page, base, email):
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def test_browser_consent_journey(live_server, settings, immediate_tasks):
    settings.SITE_URL = live_server.url
    base = live_server.url
    school = SchoolFactory(name="THCS Nguyễn Du")
    division = DivisionFactory(min_age=11, max_age=15)
    contest = ContestFactory(
        campaign=division.campaign,
        kind=ContestKind.ESSAY,
        accepted_media_kinds=[MediaKind.TEXT.value],
        max_duration_seconds=None,
        min_words=5,
        max_words=500,
        divisions=[division],
    )
    coordinator = CoordinatorFactory(school=school)
    organiser = OrganiserFactory()
    # A second pupil, already judged-ready with a guardian's consent given through their link.
    second = EntrantFactory(school=school, date_of_birth=_years_ago(13))
    second_entry = EntryFactory(
        lead_entrant=second, contest=contest, state=EntryState.ELIGIBLE, submitted_at=timezone.now()
    )
    consent_services.set_own_consents(entrant=second, purposes={ConsentPurpose.PARTICIPATION}, actor=second)
    second_request = consent_services.request_guardian_consent(
        entrant=second, guardian_email="bo.hs2@example.vn", actor=second
    )
    consent_services.record_guardian_decision(request=second_request, purposes={ConsentPurpose.PARTICIPATION})
    second_entry.refresh_from_db()
    assert second_entry.consent_complete
    second_link = consent_services.guardian_link_url(second_request)
    mail.outbox.clear()

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            # 1. A 14-year-old registers, writes an essay and submits it.
            pupil_ctx = browser.new_context()
            page = pupil_ctx.new_page()
            page.goto(f"{base}/dang-ky/")
            page.fill("input[name=full_name]", "Trần Minh An")
            page.fill("input[name=email]", "an.tran@example.vn")
            page.fill("input[name=date_of_birth]", (_years_ago(14) - timedelta(days=3)).strftime("%d/%m/%Y"))
            page.select_option("select[name=school]", str(school.pk))
            page.fill("input[name=class_name]", "8A")
            page.fill("input[name=password1]", "Mat-khau-cua-An-2025!")
            page.fill("input[name=password2]", "Mat-khau-cua-An-2025!")
            page.click("form.form button[type=submit]")
            page.wait_for_load_state()
            assert "Kiểm tra hộp thư của em" in page.content()
            page.goto(base + activation_path("an.tran@example.vn"))
            page.goto(f"{base}/bai-du-thi/du-thi/{contest.pk}/")
            page.click("form.form button[type=submit]")
            page.wait_for_url(re.compile(r"/bai-du-thi/\d+/$"))
            page.fill("#entry-form input[name=title]", "Đừng tin người lạ trên mạng")
            page.fill(
                "#entry-form textarea[name=text]",
                "Khi có người lạ nhắn tin làm quen và hứa tặng quà, em sẽ kể ngay với bố mẹ và thầy cô.",
            )
            page.click("#entry-form button[type=submit]")
            page.wait_for_load_state()
            page.click("#submit-button")
            page.wait_for_load_state()
            entry = Entry.objects.get(lead_entrant__email="an.tran@example.vn")
            assert entry.state == EntryState.SUBMITTED
            assert not entry.consent_complete

            # 2. The pupil consents and names a guardian.
            page.goto(f"{base}/dong-y/")
            assert "Còn thiếu sự đồng ý" in page.content()
            page.check("#own-consent input[name=participation]")
            page.click("#own-consent button[type=submit]")
            page.wait_for_load_state()
            page.fill("#guardian-invite input[name=guardian_email]", "me.an@example.vn")
            page.click("#guardian-invite button[type=submit]")
            page.wait_for_load_state()
            (letter,) = [m for m in mail.outbox if m.to == ["me.an@example.vn"]]
            link = re.search(r"https?://\S+/dong-y/phu-huynh/\S+/", letter.body).group(0)

            # 3. The guardian opens the e-mailed link: yes to (1) and (2), not (3).
            guardian = browser.new_context().new_page()
            guardian.goto(link)
            assert "Ai được xem?" in guardian.content()
            guardian.check("#guardian-form input[name=participation]")
            guardian.check("#guardian-form input[name=display_work]")
            guardian.uncheck("#guardian-form input[name=display_identity]")
            guardian.click("#guardian-form button[type=submit]")
            guardian.wait_for_load_state()
            assert "Cảm ơn Quý phụ huynh" in guardian.content()
            entry.refresh_from_db()
            assert entry.consent_complete
            given = set(
                entry.lead_entrant.consents.filter(
                    giver=ConsentGiver.GUARDIAN, withdrawn_at__isnull=True
                ).values_list("purpose", flat=True)
            )
            assert given == {ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK}

            # 4. The coordinator lands on the dashboard, confirms the pupil's claim to the school (until
            # then only the name shows), and sees the pupil complete for judging.
            teacher = browser.new_context().new_page()
            _login(teacher, base, coordinator.email)
            assert teacher.url.rstrip("/").endswith("/giao-vien")
            assert teacher.locator(f"tr[data-pupil='{entry.lead_entrant_id}']").count() == 0
            teacher.click(f"tr[data-claim='{entry.lead_entrant_id}'] button[value=confirmed]")
            teacher.wait_for_load_state()
            assert "Đã xác nhận Trần Minh An" in teacher.content()
            row = teacher.locator(f"tr[data-pupil='{entry.lead_entrant_id}']")
            assert "Đủ để chấm" in row.inner_text()
            assert "Có" in teacher.locator(f"tr[data-entry='{entry.code}']").inner_text()

            # 5. The organiser marks the entry eligible in the admin.
            admin = browser.new_context().new_page()
            browser_sign_in(admin, base, organiser.email, enrol_totp(organiser))
            admin.goto(f"{base}/admin/sang-loc/")
            admin.click(f"tr[data-entry='{entry.code}'] a")
            admin.wait_for_load_state()
            admin.select_option("#screening-decision select[name=decision]", "eligible")
            admin.click("#screening-decision button[type=submit]")
            admin.wait_for_load_state()
            entry.refresh_from_db()
            assert entry.state == EntryState.ELIGIBLE

            # 6. The second pupil's guardian withdraws: that entry leaves judging.
            other_guardian = browser.new_context().new_page()
            other_guardian.goto(second_link)
            other_guardian.click("#guardian-withdraw button[type=submit]")
            other_guardian.wait_for_load_state()
            assert "Đã rút lại sự đồng ý" in other_guardian.content()
            second_entry.refresh_from_db()
            assert not second_entry.consent_complete
            other_guardian.goto(second_link)
            assert "không còn dùng được" in other_guardian.content()
        finally:
            browser.close()
