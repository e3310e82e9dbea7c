import pytest
from django.urls import reverse

from judging.models import Rubric
from tests.factories.judging import RoundFactory

pytestmark = pytest.mark.django_db


def _rubric_post(weights):
    data = {
        "name": "Thang điểm video",
        "description": "",
        "criteria-TOTAL_FORMS": str(len(weights)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, weight in enumerate(weights):
        data |= {
            f"criteria-{i}-name": f"Tiêu chí {i}",
            f"criteria-{i}-weight": str(weight),
            f"criteria-{i}-min_score": "0",
            f"criteria-{i}-max_score": "10",
            f"criteria-{i}-step": "1",
            f"criteria-{i}-levels": "10: Xuất sắc",
            f"criteria-{i}-tie_break_priority": "",
            f"criteria-{i}-ORDER": str(i + 1),
            f"criteria-{i}-id": "",
            f"criteria-{i}-DELETE": "",
        }
    return data


def test_rubric_weights_not_100_are_refused_with_the_sum(client, organiser):
    client.force_login(organiser)
    url = reverse("wagtailsnippets_judging_rubric:add")
    response = client.post(url, _rubric_post([60, 30]))
    assert response.status_code == 200
    assert "Tổng trọng số các tiêu chí là 90%" in response.content.decode()
    assert not Rubric.objects.exists()
    response = client.post(url, _rubric_post([60, 40]))
    assert response.status_code == 302
    assert Rubric.objects.get().criteria.count() == 2


@pytest.mark.parametrize(
    "name",
    ["rubric", "panel", "round", "conflictofinterest", "assignment", "scoresheet"],
)
def test_judging_admin_lists_render(client, organiser, name):
    RoundFactory()
    client.force_login(organiser)
    assert client.get(reverse(f"wagtailsnippets_judging_{name}:list")).status_code == 200
    response = client.get(reverse(f"wagtailsnippets_judging_{name}:list") + "?export=csv")
    assert response.status_code == 200


def test_round_list_links_to_portal_controls(client, organiser):
    round_ = RoundFactory()
    client.force_login(organiser)
    html = client.get(reverse("wagtailsnippets_judging_round:list")).content.decode()
    for name in ["oversee", "ranking", "advance"]:
        assert reverse(f"judging:{name}", args=[round_.pk]) in html
