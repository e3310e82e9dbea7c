"""A pupil's certificate in a real headless Chromium on a phone: choose the printed name, download the PDF,
scan its QR code and open the verify page it leads to, which fits 360 px."""

from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from certificates.enums import CertificateKind
from certificates.services import issue_certificates
from contest.enums import PrizeTier
from privacy.enums import ConsentPurpose
from submissions.enums import EntryState
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import PASSWORD, ContestFactory, EntrantFactory
from tests.factories.certificates import award, judged_entry, published_result
from tests.factories.privacy import give_full_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_browser_pupil_downloads_and_a_phone_verifies(live_server, settings, tmp_path):
    ensure_wagtail_root()
    settings.TASKS = DUMMY_TASKS
    settings.SITE_URL = live_server.url
    contest = ContestFactory(title="Tranh vẽ “Không một mình”")
    pupil = EntrantFactory(full_name="Nguyễn Thị Ngọc Huyền", email="huyen@khongmotminh.example")
    give_full_consent(pupil, purposes=[ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK])
    entry = judged_entry(contest=contest, entrant=pupil, state=EntryState.AWARDED)
    result = published_result(contest=contest)
    award(result=result, entry=entry, tier=PrizeTier.SECOND)
    issue_certificates(result=result, actor=None)
    certificate = pupil.certificates.get(kind=CertificateKind.AWARD)
    # A code with nothing a browser would break a line at: the page must still fit a phone.
    certificate.code = "PAqEOZxaxCdytZV03C6iog2rj1h794FS"
    certificate.save(update_fields=["code"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            phone = browser.new_context(viewport={"width": 360, "height": 780}, accept_downloads=True)
            page = phone.new_page()
            page.goto(f"{live_server.url}/dang-nhap/")
            page.fill("input[name=username]", pupil.email)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.form button[type=submit]")
            page.wait_for_load_state()
            page.goto(f"{live_server.url}/giay-chung-nhan/")
            card = page.locator(f"#certificate-{certificate.pk}")
            card.locator("input[name=printed_name]").fill("Ngọc Huyền")
            card.locator("button[type=submit]").click()
            page.wait_for_load_state()
            assert "Đã lưu tên in trên giấy chứng nhận." in page.content()
            page.screenshot(path=str(SHOTS / "certificates-mine-360.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            with page.expect_download() as download_info:
                page.locator(f"#certificate-{certificate.pk} a.button").click()
            pdf_path = tmp_path / "giay.pdf"
            download_info.value.save_as(pdf_path)
            text = PdfReader(pdf_path).pages[0].extract_text()
            assert "Ngọc Huyền" in text
            assert "Đã đạt Giải Nhì" in text
            image = pypdfium2.PdfDocument(str(pdf_path))[0].render(scale=2).to_pil()
            (url,) = [r.text for r in zxingcpp.read_barcodes(image)]
            assert url == f"{live_server.url}/chung-nhan/{certificate.code}/"

            stranger = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
            stranger.goto(url)
            html = stranger.content()
            assert "Còn hiệu lực" in html
            assert "Huyền N." in html  # the work may be shown, the name only as first name and initial
            assert "Nguyễn Thị" not in html
            stranger.screenshot(path=str(SHOTS / "certificates-verify-360.png"), full_page=True)
            assert stranger.evaluate("document.documentElement.scrollWidth") <= 360
        finally:
            browser.close()
