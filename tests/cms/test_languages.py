import re

import pytest
from django.conf import settings
from django.utils import translation

from cms.demo import load_demo
from contest.models import User

pytestmark = pytest.mark.django_db

PAGE_PAIRS = [
    ("/", "/en/"),
    ("/cuoc-thi/", "/en/cuoc-thi/"),
    ("/cuoc-thi/video/", "/en/cuoc-thi/video/"),
    ("/cam-nang/khong-gui-anh-rieng-tu/", "/en/cam-nang/khong-gui-anh-rieng-tu/"),
    ("/dang-nhap/", "/en/dang-nhap/"),
]


@pytest.fixture
def demo():
    return load_demo()


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test():
    """The test client runs LocaleMiddleware in the test's thread and leaves /en/'s language active, which
    would make later tests' reverse() build English URLs."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _switch(client, page, language):
    html = client.get(page).content.decode()
    action = re.search(r'<form class="lang-switch" action="([^"]+)"', html).group(1)
    return client.post(action, {"language": language, "next": page})


@pytest.mark.parametrize(("vi_url", "en_url"), PAGE_PAIRS)
def test_language_switch_to_vietnamese_leaves_the_english_prefix(client, demo, vi_url, en_url):
    response = _switch(client, en_url, "vi")
    assert response.status_code == 302
    assert response["Location"] == vi_url
    assert '<html lang="vi">' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("vi_url", "en_url"), PAGE_PAIRS)
def test_language_switch_to_english_adds_the_prefix(client, demo, vi_url, en_url):
    response = _switch(client, vi_url, "en")
    assert response.status_code == 302
    assert response["Location"] == en_url


def test_language_selector_names_each_language_in_itself(client, demo):
    for url in ("/", "/en/"):
        html = client.get(url).content.decode()
        assert '<option value="vi" lang="vi"' in html
        assert ">Tiếng Việt</option>" in html
        assert ">English</option>" in html
        assert "Tiếng Anh" not in html


def test_english_header_links_stay_on_the_english_site(client, demo):
    html = client.get("/en/cam-nang/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert 'href="/en/cuoc-thi/"' in nav
    assert 'href="/en/cam-nang/"' in nav
    vi_nav = re.search(
        r'<nav class="site-nav".*?</nav>', client.get("/cam-nang/").content.decode(), re.S
    ).group(0)
    assert 'href="/cuoc-thi/"' in vi_nav


def test_english_contest_page_shows_english_rules_and_division_names(client, demo):
    html = client.get("/en/cuoc-thi/video/").content.decode()
    assert "A video of 1 to 3 minutes" in html
    assert "Division A – lower secondary" in html
    assert "Bảng A – THCS" not in html
    vi_html = client.get("/cuoc-thi/video/").content.decode()
    assert "Video từ 1 đến 3 phút" in vi_html
    assert "Bảng A – THCS" in vi_html


def test_home_page_contest_cards_link_to_the_contest_pages_in_the_same_language(client, demo):
    vi_html = client.get("/").content.decode()
    assert 'class="card-target" href="/cuoc-thi/video/"' in vi_html
    en_html = client.get("/en/").content.decode()
    assert 'class="card-target" href="/en/cuoc-thi/video/"' in en_html
    assert "Short video “Not Alone”" in en_html


def test_filter_empty_choices_read_as_words_not_dashes(client, demo):
    client.force_login(User.objects.get(email="giaovien@khongmotminh.example"))
    html = client.get("/giao-vien/").content.decode()
    assert ">Tất cả</option>" in html
    assert "---------" not in html


def test_header_names_the_contests_link_in_the_plural_on_the_english_site(client, demo):
    html = client.get("/en/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert ">Contest<" not in nav


SIGNED_IN_PAIRS = [
    ("thisinh@khongmotminh.example", "/bai-du-thi/", "/en/bai-du-thi/"),
    ("thisinh@khongmotminh.example", "/dong-y/", "/en/dong-y/"),
    ("thisinh@khongmotminh.example", "/tro-giup/", "/en/tro-giup/"),
    ("giaovien@khongmotminh.example", "/giao-vien/", "/en/giao-vien/"),
    ("giamkhao@khongmotminh.example", "/tai-khoan/", "/en/tai-khoan/"),
]


@pytest.mark.parametrize(("email", "vi_url", "en_url"), SIGNED_IN_PAIRS)
def test_language_switch_both_ways_on_signed_in_pages(client, demo, email, vi_url, en_url):
    client.force_login(User.objects.get(email=email))
    to_english = _switch(client, vi_url, "en")
    assert to_english["Location"] == en_url
    english = client.get(en_url)
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    to_vietnamese = _switch(client, en_url, "vi")
    assert to_vietnamese["Location"] == vi_url
    assert '<html lang="vi">' in client.get(vi_url).content.decode()
