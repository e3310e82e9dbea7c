"""A teacher's journey in a real headless Chromium (issue 11): sign in and land on the school's dashboard,
confirm a pupil's claim, record a paper consent, and enter work for the pupil in the form the chosen
contest takes."""

import pytest
from playwright.sync_api import sync_playwright

from contest.enums import ContestKind, MediaKind, SchoolClaim
from privacy.enums import ConsentGiver
from privacy.models import Consent
from submissions.enums import EntryState
from submissions.models import Entry
from tests.browser import launch_chromium
from tests.factories import PASSWORD, ContestFactory, CoordinatorFactory, EntrantFactory, SchoolFactory
from tests.factories.entries import essay_contest, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}


def test_browser_coordinator_journey(live_server, settings, tmp_path):
    settings.TASKS = DUMMY_TASKS
    settings.SITE_URL = live_server.url
    base = live_server.url
    school = SchoolFactory(name="THCS Ngô Sĩ Liên")
    teacher = CoordinatorFactory(school=school, full_name="Cô Phạm Thu Hằng")
    pupil = EntrantFactory(
        school=school,
        school_status=SchoolClaim.CLAIMED,
        full_name="Hoàng Minh Khang",
        email="khang.hoang@khongmotminh.example",
        class_name="7B-Văn",  # a dash and a Vietnamese letter: never inside a CSRF token by chance
    )
    essay = essay_contest(title="Viết về an toàn trên mạng")
    video = ContestFactory(
        title="Video 60 giây", kind=ContestKind.VIDEO, accepted_media_kinds=[MediaKind.VIDEO.value]
    )
    scan = tmp_path / "phieu-dong-y.png"
    scan.write_bytes(png_bytes(label="phieu"))
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context().new_page()
            page.goto(f"{base}/dang-nhap/")
            page.fill("input[name=username]", teacher.email)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.form button[type=submit]")
            page.wait_for_url("**/giao-vien/")
            claim = page.locator(f"tr[data-claim='{pupil.pk}']")
            assert "Hoàng Minh Khang" in claim.inner_text()
            assert "khang.hoang@" not in page.content()
            assert "7B-Văn" not in page.content()
            claim.locator("button[value=confirmed]").click()
            page.wait_for_load_state()
            assert "Đã xác nhận Hoàng Minh Khang" in page.content()

            page.click(f"tr[data-pupil='{pupil.pk}'] a")
            page.wait_for_load_state()
            assert "7B-Văn" in page.content()
            assert "khang.hoang@" not in page.content()
            page.check("#paper-consent input[name=participation]")
            page.fill("#paper-consent input[name=guardian_name]", "Hoàng Văn Nam")
            page.set_input_files("#paper-consent input[name=scan]", str(scan))
            page.click("#paper-consent button[type=submit]")
            page.wait_for_load_state()
            assert "Đã ghi nhận phiếu đồng ý." in page.content()
            assert Consent.objects.filter(subject=pupil, giver=ConsentGiver.SCHOOL_PAPER).exists()

            page.select_option("#on-behalf-contest select[name=contest]", str(video.pk))
            page.click("#on-behalf-contest button[type=submit]")
            page.wait_for_load_state()
            accept = page.get_attribute("#on-behalf input[name=files]", "accept")
            assert ".mp4" in accept
            assert ".png" not in accept
            assert page.locator("#on-behalf textarea[name=text]").count() == 0

            page.select_option("#on-behalf-contest select[name=contest]", str(essay.pk))
            page.click("#on-behalf-contest button[type=submit]")
            page.wait_for_load_state()
            page.fill("#on-behalf input[name=title]", "Người bạn lạ trên mạng")
            page.fill(
                "#on-behalf textarea[name=text]",
                "Một người lạ nhắn tin làm quen và hứa tặng quà. Em đã kể với mẹ và cô giáo ngay hôm đó.",
            )
            page.click("#on-behalf button[type=submit]")
            page.wait_for_load_state()
            entry = Entry.objects.get(lead_entrant=pupil)
            assert entry.state == EntryState.SUBMITTED
            assert f"Đã nộp bài {entry.code} thay cho Hoàng Minh Khang" in page.content()
        finally:
            browser.close()
