import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.demo import load_demo

pytestmark = pytest.mark.django_db

PAGES = [
    ("/", "Không một mình – Cùng nhau an toàn trực tuyến", "/en/", "Not Alone – Safe Online Together"),
    ("/cuoc-thi/", "Các cuộc thi", "/en/cuoc-thi/", "Contests"),
    ("/cuoc-thi/video/", "Video ngắn “Không một mình”", "/en/cuoc-thi/video/", "Short video “Not Alone”"),
    ("/cam-nang/", "Cẩm nang an toàn trên mạng", "/en/cam-nang/", "Online safety handbook"),
    (
        "/cam-nang/khong-gui-anh-rieng-tu/",
        "Không bao giờ gửi ảnh riêng tư",
        "/en/cam-nang/khong-gui-anh-rieng-tu/",
        "Never send private photos",
    ),
]


@pytest.fixture
def demo():
    return load_demo()


@pytest.mark.parametrize(("vi_url", "vi_title", "en_url", "en_title"), PAGES)
def test_page_renders_in_both_languages(client, demo, vi_url, vi_title, en_url, en_title):
    vi = client.get(vi_url)
    assert vi.status_code == 200
    vi_html = vi.content.decode()
    assert '<html lang="vi">' in vi_html
    assert vi_title in vi_html
    assert "Đăng nhập" in vi_html

    en = client.get(en_url)
    assert en.status_code == 200
    en_html = en.content.decode()
    assert '<html lang="en">' in en_html
    assert en_title in en_html
    assert "Sign in" in en_html
    assert "Đăng nhập" not in en_html


def test_home_page_shows_campaign_open_contests_and_tips(client, demo):
    html = client.get("/").content.decode()
    for text in [
        "#khongmotminh",
        "#antoantructuyen",
        "#niemtinso",
        "Cuộc thi đang nhận bài",
        "Lời khuyên mới nhất",
    ]:
        assert text in html
    assert "Video ngắn “Không một mình”" in html
    assert "Nhận diện kẻ dụ dỗ trên mạng" in html


def test_contest_page_shows_limits_deadline_prizes_and_entry_button(client, demo):
    html = client.get("/cuoc-thi/video/").content.decode()
    assert "Nộp bài dự thi" in html
    assert "data-deadline=" in html
    assert "Mỗi tệp tối đa 500,0\xa0MB" in html or "Mỗi tệp tối đa 500.0\xa0MB" in html
    assert "Thời lượng từ 1 phút đến 3 phút." in html
    assert "Giải Nhất" in html
    assert "Giải Khuyến khích" in html
    assert "/bai-du-thi/du-thi/" in html


def test_pages_load_no_asset_from_another_site(client, demo):
    for vi_url, _t, en_url, _e in PAGES:
        html = client.get(vi_url).content.decode() + client.get(en_url).content.decode()
        external = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', html)
        loaded = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', html)
        assert loaded == [], external


def test_contest_index_query_count_does_not_grow_with_contests(client, demo):
    from contest.models import Contest
    from tests.factories import ContestFactory

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/cuoc-thi/").status_code == 200
        return len(ctx.captured_queries)

    client.get("/cuoc-thi/")
    before = count_queries()
    from cms.models import ContestIndexPage, ContestPage

    index = ContestIndexPage.objects.get(locale__language_code="vi")
    campaign = Contest.objects.first().campaign
    for n in range(8):
        contest = ContestFactory(campaign=campaign, slug=f"them-{n}", code=f"T{n}")
        page = ContestPage(title=contest.title, slug=contest.slug, contest=contest)
        index.add_child(instance=page)
    after = count_queries()
    assert after == before, (before, after)


def test_unknown_page_is_404_in_vietnamese(client, demo, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_contest_page_lists_prizes_from_first_to_commendation(client, demo):
    html = client.get("/cuoc-thi/video/").content.decode()
    first_division = html[html.index("Bảng A – THCS</td>") :]
    order = [first_division.index(tier) for tier in ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích"]]
    assert order == sorted(order)
