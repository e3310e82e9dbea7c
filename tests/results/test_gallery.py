"""The gallery list: filters by contest, division and prize, pages through thousands of works in a constant
number of queries, refuses a bad filter with a message, and lists only works whose results are published,
which were not withdrawn and whose consents still allow it. Also the share image and Open Graph tags."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.enums import ContestKind, MediaKind, PrizeTier
from privacy.models import Consent
from results.enums import ResultState
from results.models import ContestResult
from results.public_views import PAGE_SIZE
from results.selectors.gallery import gallery_entries
from results.share import HASHTAGS
from submissions.enums import EntryState
from submissions.models import Entry
from tests.factories import CampaignFactory, ContestFactory, DivisionFactory
from tests.factories.gallery import bulk_public_works, public_work

pytestmark = pytest.mark.django_db

LIST = reverse("gallery:list")


def keys_in(html: str) -> set[str]:
    return set(re.findall(r'href="/ket-qua/bai/([\w-]+)/"', html))


def drawing_contest(**kwargs):
    return ContestFactory(kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value], **kwargs)


def queries_for_gallery_page(client, url=LIST) -> int:
    client.get(url)  # the first request of a test also loads the site's root pages and settings
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_gallery_query_count_is_the_same_for_10_and_100_works(client):
    contest = drawing_contest()
    cover = public_work(contest=contest)
    bulk_public_works(contest=contest, count=9, cover=cover)
    urls = (LIST, f"{LIST}?contest={contest.pk}&tier=first")
    small = [queries_for_gallery_page(client, url) for url in urls]
    bulk_public_works(contest=contest, count=90, cover=cover)
    assert [queries_for_gallery_page(client, url) for url in urls] == small
    assert queries_for_gallery_page(client, f"{LIST}?trang=3") == small[0]


def test_gallery_list_view_stays_within_its_query_budget(client, django_assert_max_num_queries):
    contest = drawing_contest()
    bulk_public_works(contest=contest, count=60)
    client.get(LIST)
    # Count, page, team members, consents, privacy settings, the filters' two lists, the vote settings of
    # the page's contests (voting; none here); the rest is the site's frame (menu pages, site, safety
    # settings).
    with django_assert_max_num_queries(14):
        client.get(LIST)


def test_gallery_pages_through_every_work_once(client):
    contest = drawing_contest()
    works = bulk_public_works(contest=contest, count=PAGE_SIZE * 2 + 5)
    seen = []
    for number in (1, 2, 3):
        html = client.get(f"{LIST}?trang={number}").content.decode()
        seen += sorted(keys_in(html))
    assert sorted(seen) == sorted(w.key for w in works)
    assert "Trang 1/3" in client.get(LIST).content.decode()
    # A page number past the end or not a number shows a real page, never an error.
    assert client.get(f"{LIST}?trang=99").status_code == 200
    assert client.get(f"{LIST}?trang=abc").status_code == 200


def test_gallery_filters_by_contest_division_and_prize(client):
    campaign = CampaignFactory()
    thcs = DivisionFactory(campaign=campaign, name="THCS", min_age=11, max_age=15)
    thpt = DivisionFactory(campaign=campaign, name="THPT", min_age=15, max_age=18)
    drawing = drawing_contest(campaign=campaign, divisions=[thcs, thpt])
    other = drawing_contest(campaign=campaign, divisions=[thcs])
    first = public_work(contest=drawing, tier=PrizeTier.FIRST, title="Giải nhất THCS")
    commended = public_work(contest=drawing, tier=PrizeTier.COMMENDATION, rank=5, title="Khuyến khích")
    older = public_work(contest=drawing, tier=PrizeTier.SECOND, title="Giải nhì THPT")
    Entry.objects.filter(pk=older.entry_id).update(division=thpt)
    older.division = thpt
    older.save()
    elsewhere = public_work(contest=other, tier=PrizeTier.FIRST, title="Cuộc thi khác")

    def listed(query=""):
        return keys_in(client.get(f"{LIST}?{query}").content.decode())

    assert listed() == {first.key, commended.key, older.key, elsewhere.key}
    assert listed(f"contest={drawing.pk}") == {first.key, commended.key, older.key}
    assert listed(f"division={thpt.pk}") == {older.key}
    assert listed("tier=commendation") == {commended.key}
    assert listed(f"contest={drawing.pk}&tier=first") == {first.key}
    # Best first: the first prize comes before the commendation.
    html = client.get(f"{LIST}?contest={drawing.pk}&division={thcs.pk}").content.decode()
    assert html.index(first.key) < html.index(commended.key)


@pytest.mark.parametrize("query", ["contest=999999", "contest=abc", "tier=grand", "division=-1"])
def test_gallery_refuses_a_bad_filter_with_a_message(client, query):
    public_work()
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert "Bộ lọc không hợp lệ" in response.content.decode()


def test_unpublished_results_withdrawn_entries_and_withdrawn_consent_are_not_listed(client):
    shown = public_work(title="Vẫn hiện")
    draft = public_work(title="Chưa công bố")
    ContestResult.objects.filter(contest=draft.contest).update(state=ResultState.COSIGNED)
    withdrawn = public_work(title="Đã rút")
    Entry.objects.filter(pk=withdrawn.entry_id).update(state=EntryState.WITHDRAWN)
    no_consent = public_work(title="Rút đồng ý")
    Consent.objects.filter(subject=no_consent.entry.lead_entrant, purpose="display_work").update(
        withdrawn_at=no_consent.published_at
    )
    assert keys_in(client.get(LIST).content.decode()) == {shown.key}
    assert [card.key for card in gallery_entries()] == [shown.key]
    for hidden in (draft, withdrawn, no_consent):
        assert client.get(reverse("gallery:entry", args=[hidden.key])).status_code == 404
        assert client.get(reverse("gallery:share_image", args=[hidden.key])).status_code == 404


@pytest.mark.parametrize("key", ["x", "0" * 33, "khong-co-bai-nay", "1"])
def test_unknown_public_keys_answer_404(client, key):
    public_work()
    assert client.get(reverse("gallery:entry", args=[key])).status_code == 404


def test_entry_page_has_open_graph_tags_with_the_share_image_and_hashtags(client):
    public = public_work(title="Bàn tay ấm")
    html = client.get(reverse("gallery:entry", args=[public.key])).content.decode()
    image_url = f"http://testserver{reverse('gallery:share_image', args=[public.key])}"
    assert f'<meta property="og:image" content="{image_url}">' in html
    assert '<meta property="og:title" content="Bàn tay ấm">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    description = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    assert all(tag in description for tag in HASHTAGS)
    assert "Trần Thị Hạnh" in description  # she and her guardian consented to her name
    share_links = re.findall(r'href="(https://[^"]+)"', html)
    assert share_links
    assert all("khongmotminh" in link for link in share_links)
    assert "<script>" not in html
    assert ' style="' not in html


def test_gallery_in_english_keeps_the_credit(client):
    public_work(title="Bàn tay ấm")
    html = client.get("/en" + LIST).content.decode()
    assert "Trần Thị Hạnh" in html
    assert "Gallery" in html
