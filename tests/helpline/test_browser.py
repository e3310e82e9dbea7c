"""The whole journey in headless Chromium on a phone: a 13-year-old without an account reports in three
steps, sees the guidance and her code; the officer is e-mailed, opens the report and replies; she reads
the reply with her code; quick exit leaves in one tap and Back does not return to the help page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect, sync_playwright

from helpline.models import Report
from tests.browser import launch_chromium
from tests.factories import PASSWORD
from tests.signin import current_code, enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
STORY = "Có anh trên Facebook bảo em gửi ảnh riêng tư rồi chuyển qua Telegram, ko dc ke voi ai 😢"
REPLY = "Chào em, cô là cán bộ bảo vệ trẻ em. Em đừng gửi ảnh, hãy chặn người đó. Cô sẽ gọi cho thầy chủ nhiệm nhé 💙"


def test_browser_help_journey_on_a_phone(live_server, settings, officer):
    settings.SITE_URL = live_server.url
    settings.HELPLINE_EXIT_URL = "about:blank"
    base = live_server.url
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            pupil = browser.new_context(**PHONE).new_page()
            pupil.goto(f"{base}/dang-nhap/")
            pupil.get_by_role("link", name="Cần giúp đỡ?").tap()
            pupil.wait_for_url(f"{base}/tro-giup/")
            # Step 1 of 3: only the first step shows.
            assert pupil.get_by_role("heading", name="Bước 1/3: Chuyện gì đang xảy ra?").is_visible()
            assert not pupil.get_by_role("heading", name="Bước 2/3: Kể thêm (không bắt buộc)").is_visible()
            pupil.get_by_label("Có người đòi ảnh hoặc video của em").check()
            pupil.get_by_label("Có người bảo em giữ bí mật hoặc chuyển sang ứng dụng khác").check()
            pupil.locator("[data-step='1'] [data-next]").tap()
            # Step 2 of 3.
            pupil.get_by_label("Em kể thêm nếu muốn").fill(STORY)
            pupil.locator("[data-step='2'] [data-next]").tap()
            # Step 3 of 3.
            pupil.get_by_label("Thầy cô").check()
            pupil.get_by_role("button", name="Gửi").tap()
            pupil.wait_for_url(f"{base}/tro-giup/da-gui/")
            assert pupil.get_by_text("Khi có người đòi ảnh").is_visible()
            assert pupil.get_by_text("111").first.is_visible()
            code = pupil.locator("#follow-up-code").inner_text().strip()
            assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){4}", code)

            # The officer is e-mailed a link, signs in, opens the report and replies.
            assert [m.to for m in mail.outbox] == [[officer.email]]
            link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
            assert STORY not in mail.outbox[0].body
            device = enrol_totp(officer)
            desk = browser.new_context().new_page()
            desk.goto(link)
            desk.fill("input[name=username]", officer.email)
            desk.fill("input[name=password]", PASSWORD)
            desk.click("form.form button[type=submit]")
            # Safeguarding officers sign in with two steps: the authenticator's code, then on to the report.
            desk.fill("input[name=token]", current_code(device))
            desk.locator("main form button[type=submit]").click()
            desk.wait_for_url(link)
            assert desk.get_by_text(STORY).is_visible()
            desk.fill("#reply-text", REPLY)
            with desk.expect_navigation():
                desk.get_by_role("button", name="Gửi trả lời").click()
            expect(desk.get_by_text("Đã gửi trả lời")).to_be_visible()
            assert Report.objects.get().state == "in_progress"

            # The young person reads the reply with her code, typed in lower case.
            pupil.goto(f"{base}/tro-giup/kiem-tra/")
            pupil.get_by_label("Mã theo dõi của em").fill(code.lower())
            with pupil.expect_navigation():
                pupil.get_by_role("button", name="Xem").tap()
            expect(pupil.get_by_text(REPLY)).to_be_visible()

            # Quick exit: one tap leaves; Back goes to the page before the help page, not to it.
            pupil.goto(f"{base}/dang-nhap/")
            pupil.goto(f"{base}/tro-giup/")
            pupil.get_by_role("link", name="Thoát nhanh").tap()
            pupil.wait_for_url("about:blank")
            pupil.go_back()
            assert pupil.url == f"{base}/dang-nhap/"

            # Esc three times does the same.
            pupil.goto(f"{base}/tro-giup/kiem-tra/")
            for _ in range(3):
                pupil.keyboard.press("Escape")
            pupil.wait_for_url("about:blank")
            pupil.go_back()
            assert "/tro-giup/" not in pupil.url
        finally:
            browser.close()
