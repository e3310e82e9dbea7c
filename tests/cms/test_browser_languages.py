"""Switching language both ways in a real Chromium on a phone, on every kind of page: the public site, the
help pages, and the pupil's, teacher's and judge's signed-in pages."""

import pytest
from playwright.sync_api import sync_playwright

from cms.demo import DEMO_PASSWORD, load_demo
from tests.browser import ensure_wagtail_root, launch_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/cuoc-thi/",
    "/cuoc-thi/video/",
    "/cam-nang/khong-gui-anh-rieng-tu/",
    "/dang-nhap/",
    "/tro-giup/",
]
SIGNED_IN = {
    "thisinh@khongmotminh.example": ["/bai-du-thi/", "/dong-y/"],
    "giaovien@khongmotminh.example": ["/giao-vien/"],
    "giamkhao@khongmotminh.example": ["/tai-khoan/"],
}


def switch(page, language: str) -> None:
    form = page.locator("form.lang-switch").first
    with page.expect_navigation():
        if form.locator("select[name=language]").count():
            form.locator("select[name=language]").select_option(language)
            form.locator("button[type=submit]").click()
        else:
            form.locator(f"button[value={language}]").click()


def both_ways(page, base: str, path: str) -> None:
    page.goto(base + path)
    assert page.locator("html").get_attribute("lang") == "vi", path
    switch(page, "en")
    assert page.url == base + "/en" + path, path
    assert page.locator("html").get_attribute("lang") == "en", path
    switch(page, "vi")
    assert page.url == base + path, path
    assert page.locator("html").get_attribute("lang") == "vi", path


def test_language_switch_both_ways_on_every_page_kind(live_server):
    ensure_wagtail_root()
    load_demo()
    base = live_server.url
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
            page = browser.new_context(**phone).new_page()
            for path in PUBLIC:
                both_ways(page, base, path)
            for email, paths in SIGNED_IN.items():
                page = browser.new_context(**phone).new_page()
                page.goto(base + "/dang-nhap/")
                page.fill("input[name=username]", email)
                page.fill("input[name=password]", DEMO_PASSWORD)
                with page.expect_navigation():
                    page.press("input[name=password]", "Enter")
                for path in paths:
                    both_ways(page, base, path)
        finally:
            browser.close()
