"""In a real headless Chromium: a coordinator reports the school's activities with a photo from a phone (on
a 360 px screen), then an organiser signed in with two steps reads the dashboard's charts and downloads the
tổng kết as PDF, whose figures are the dashboard's."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from reports.models import ActivityPhoto, ActivityReport
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import PASSWORD, CoordinatorFactory, OrganiserFactory, SchoolFactory
from tests.factories.media_files import make_phone_jpeg
from tests.factories.reports import ReportingPeriodFactory
from tests.signin import browser_sign_in, enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
SCREENSHOTS = "var/screenshots"


def test_coordinator_reports_and_organiser_exports(live_server, settings, tmp_path):
    settings.TASKS = DUMMY_TASKS
    settings.SITE_URL = live_server.url
    ensure_wagtail_root()
    base = live_server.url
    school = SchoolFactory(name="THCS Lê Quý Đôn", ward="Phường Võ Thị Sáu", pupil_count=800)
    SchoolFactory(name="THCS Trần Văn Ơn", ward="Phường Tân Định")
    teacher = CoordinatorFactory(
        school=school, full_name="Cô Nguyễn Thị Lan", email="cothilan@lequydon.example"
    )
    period = ReportingPeriodFactory(title="Học kỳ I năm học 2026–2027")
    organiser = OrganiserFactory(full_name="Trần Minh Quân", email="minhquan.btc@khongmotminh.example")
    photo = make_phone_jpeg(tmp_path / "IMG_2041.jpg")
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            phone = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
            phone.goto(f"{base}/dang-nhap/")
            phone.fill("input[name=username]", teacher.email)
            phone.fill("input[name=password]", PASSWORD)
            phone.click("form.form button[type=submit]")
            phone.wait_for_url("**/giao-vien/")
            phone.click("#activity-reports-link")
            phone.wait_for_load_state()
            phone.click(f"text={period.title}")
            phone.wait_for_load_state()
            phone.fill("#id_talks_held", "3")
            phone.fill("#id_participants", "10000")
            phone.fill("#id_posters_displayed", "12")
            phone.fill("#id_workshops", "2")
            phone.fill("#id_description", "Chào cờ chủ đề “Không một mình”, tiểu phẩm về lừa đảo qua mạng.")
            with phone.expect_navigation():
                phone.click("#activity-form button[type=submit]")
            assert "vượt xa sĩ số của trường (800 học sinh)" in phone.content()
            phone.fill("#id_participants", "760")
            with phone.expect_navigation():
                phone.click("#activity-form button[type=submit]")
            assert "Đã lưu báo cáo hoạt động của nhà trường." in phone.content()
            assert "vượt xa sĩ số" not in phone.content()
            phone.set_input_files("#photo-form input[name=photo]", str(photo))
            with phone.expect_navigation():
                phone.click("#photo-form button[type=submit]")
            assert "Đã thêm ảnh." in phone.content()
            # The photo is lazy-loaded: wait until the browser has finished with it (loaded or broken), then
            # require its real width. Read at once, it raced the image's own request and read 0 now and then.
            shown = phone.locator("#photos img")
            shown.scroll_into_view_if_needed()
            phone.wait_for_function("img => img.complete", arg=shown.element_handle())
            assert shown.evaluate("img => img.naturalWidth") == 480
            scroll_width = phone.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= 360
            phone.screenshot(path=f"{SCREENSHOTS}/reports-coordinator-360.png", full_page=True)

            report = ActivityReport.objects.get(school=school, period=period)
            assert (report.participants, report.implausible) == (760, False)
            assert ActivityPhoto.objects.filter(report=report).count() == 1

            admin = browser.new_context(
                viewport={"width": 1280, "height": 900}, accept_downloads=True
            ).new_page()
            browser_sign_in(admin, base, organiser.email, enrol_totp(organiser))
            admin.goto(base + reverse("reports_reporting"))
            row = admin.locator(f"tr[data-school='{school.code}']")
            assert "Đã báo cáo" in row.inner_text()
            assert "1/2 trường chưa báo cáo." in admin.content()
            admin.goto(base + reverse("reports_dashboard"))
            admin.wait_for_selector("#chart-participation_by_ward[data-drawn=true]")
            admin.wait_for_selector("#chart-activities_by_ward[data-drawn=true]")
            numbers = {
                item.get_attribute("data-figure"): item.locator("dd").inner_text()
                for item in admin.locator(".report-number").all()
            }
            assert numbers["participants_total"] == "760"
            assert numbers["schools_reported"] == "1"
            admin.screenshot(path=f"{SCREENSHOTS}/reports-dashboard.png", full_page=True)
            with admin.expect_download() as download:
                admin.click("#export-pdf")
            content = open(download.value.path(), "rb").read()  # noqa: SIM115
        finally:
            browser.close()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số người tham dự: 760" in text
    assert "Số trường đã báo cáo hoạt động: 1" in text
    assert "Số trường của thành phố: 2" in text
