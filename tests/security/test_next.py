"""Finding 2: open redirect. Every view that takes `next` follows it only within the site."""

import inspect
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from contest.models import User
from contest.redirects import SafeNextMixin
from tests.contest.test_accounts import registration_data
from tests.factories import PASSWORD, DivisionFactory, EntrantFactory
from tests.security.walk import our_url_views

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "javascript:alert(1)",
    "https://evil.example/x",
    "//evil.example/x",
    "/\\evil.example/x",
    "https:evil.example",
    " //evil.example/x",
]


# Views of ours that read `next`, each tried below; set_language (Django's) is tried too.
NEXT_VIEWS = {"accounts:register", "accounts:login", "accounts:logout"}


def test_every_view_reading_next_is_tried():
    found = set()
    for name, view in our_url_views():
        source = inspect.getsource(view)
        bases = inspect.getmro(view) if inspect.isclass(view) else ()
        if '"next"' in source or "safe_next" in source or "checked_next" in source or SafeNextMixin in bases:
            found.add(name)
    assert found == NEXT_VIEWS


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_registration_with_hostile_next_goes_to_dashboard(client, target):
    DivisionFactory(min_age=11, max_age=15)
    response = client.post(reverse("accounts:register") + "?" + _query(target), registration_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert User.objects.filter(email="binh@khongmotminh.example").exists()


def test_registration_with_own_next_follows_it(client):
    DivisionFactory(min_age=11, max_age=15)
    response = client.post(reverse("accounts:register") + "?next=/bai-du-thi/", registration_data())
    assert response["Location"] == "/bai-du-thi/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_in_with_hostile_next_goes_to_dashboard(client, target):
    user = EntrantFactory()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_page_passes_only_a_safe_next_to_registration(client, target):
    page = client.get(reverse("accounts:login") + "?" + _query(target)).content.decode()
    register = reverse("accounts:register")
    links = re.findall(rf'href="({re.escape(register)}[^"]*)"', page)
    assert links
    assert set(links) == {register}
    assert 'name="next" value=""' in page


def test_login_page_passes_own_next_to_registration(client):
    page = client.get(reverse("accounts:login") + "?next=/bai-du-thi/").content.decode()
    assert reverse("accounts:register") + "?next=/bai-du-thi/" in page


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_out_with_hostile_next_stays_on_site(client, target):
    client.force_login(EntrantFactory())
    response = client.post(reverse("accounts:logout"), {"next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript:")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_with_hostile_next_stays_on_site(client, target):
    response = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript:")


def test_production_refuses_plain_http_next(client, settings):
    settings.PRODUCTION = True
    user = EntrantFactory()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD, "next": "http://testserver/bai-du-thi/"},
    )
    assert response["Location"] == reverse("accounts:dashboard")


def _query(target: str) -> str:
    return urlencode({"next": target})
