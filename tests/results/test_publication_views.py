from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.demo import load_demo
from cms.results_pages import GalleryPage, ResultsPage
from results.enums import ResultState
from results.models import ContestResult
from tests.factories import ContestFactory, EntrantFactory, HeadJudgeFactory, OrganiserFactory
from tests.factories.publication import awarded_entry, contest_page, cosigned_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def result():
    load_demo()
    contest = ContestFactory(title="Áp phích “Không một mình”", slug="ap-phich-thu", code="APT")
    contest_page(contest)
    result = cosigned_result(contest)
    awarded_entry(result=result, title="Đừng gửi ảnh cho người lạ")
    return result


def url(result) -> str:
    return reverse("publication:publish", args=[result.contest_id])


def test_organiser_publishes_to_draft_and_sees_the_pages(client, result):
    client.force_login(OrganiserFactory())
    assert client.get(url(result)).status_code == 200
    response = client.post(url(result), {"go_live_at": ""})
    assert response.status_code == 302
    assert ResultsPage.objects.filter(contest=result.contest).count() == 2
    assert GalleryPage.objects.filter(contest=result.contest).count() == 2
    page = client.get(url(result)).content.decode()
    assert page.count("data-page=") == 4
    assert "Chờ duyệt" in page


def test_a_ceremony_time_schedules_the_pages(client, result):
    client.force_login(OrganiserFactory())
    ceremony = timezone.localtime() + timedelta(days=3)
    response = client.post(url(result), {"go_live_at": ceremony.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    page = ResultsPage.objects.get(contest=result.contest, locale__language_code="vi")
    assert page.go_live_at.replace(second=0, microsecond=0) == ceremony.replace(second=0, microsecond=0)


def test_a_time_in_the_past_is_refused_with_a_message(client, result):
    client.force_login(OrganiserFactory())
    past = timezone.localtime() - timedelta(hours=1)
    response = client.post(url(result), {"go_live_at": past.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 400
    assert "Giờ lên trang phải ở tương lai." in response.content.decode()
    assert not ResultsPage.objects.exists()


def test_a_result_not_cosigned_is_refused_with_a_message(client, result):
    ContestResult.objects.filter(pk=result.pk).update(state=ResultState.DRAFT, cosigned_at=None)
    client.force_login(OrganiserFactory())
    response = client.post(url(result), {"go_live_at": ""})
    assert response.status_code == 409
    assert "Chỉ công bố được kết quả đã được đồng ký." in response.content.decode()
    assert not ResultsPage.objects.exists()


@pytest.mark.parametrize("who", [EntrantFactory, HeadJudgeFactory])
def test_only_organisers_reach_the_page(client, result, who):
    client.force_login(who())
    assert client.get(url(result)).status_code == 404
    assert client.post(url(result), {"go_live_at": ""}).status_code == 404
    assert not ResultsPage.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, result):
    assert client.get(url(result)).status_code == 302


def test_an_unknown_contest_is_404(client, result):
    client.force_login(OrganiserFactory())
    assert client.get(reverse("publication:publish", args=[result.contest_id + 999])).status_code == 404


def test_the_page_list_costs_the_same_queries_after_publication(
    client, result, django_assert_max_num_queries
):
    client.force_login(OrganiserFactory())
    client.post(url(result), {"go_live_at": ""})
    with django_assert_max_num_queries(40):
        assert client.get(url(result)).status_code == 200


def test_the_result_page_leads_organisers_to_publication(client, result):
    client.force_login(OrganiserFactory())
    page = client.get(reverse("results:detail", args=[result.contest_id])).content.decode()
    assert url(result) in page
