"""Finding 2: open redirect. Every view that takes `next` follows it only within the site."""

import inspect
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from contest.models import User
from contest.redirects import SafeNextMixin
from tests.contest.test_accounts import registration_data
from tests.factories import PASSWORD, DivisionFactory, EntrantFactory, OrganiserFactory
from tests.factories.entries import draft_entry, essay_contest
from tests.security.walk import our_url_views
from tests.signin import current_code, enrol_totp

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
NEXT_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:two_factor_setup",
    "submissions:invite_guardian",
}


def test_every_view_reading_next_is_tried():
    found = set()
    for name, view in our_url_views():
        source = inspect.getsource(view)
        bases = inspect.getmro(view) if inspect.isclass(view) else ()
        if '"next"' in source or "safe_next" in source or "checked_next" in source or SafeNextMixin in bases:
            found.add(name)
    assert found == NEXT_VIEWS


@pytest.mark.parametrize("target", [*HOSTILE_NEXT, "/bai-du-thi/"])
def test_registration_ignores_next_and_says_what_to_do(client, target):
    """Registration no longer signs in (the account waits for its activation link), so it follows no next."""
    DivisionFactory(min_age=12, max_age=15)
    response = client.post(reverse("accounts:register") + "?" + _query(target), registration_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_done")
    assert User.objects.filter(email="binh@khongmotminh.example").exists()


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


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_two_step_sign_in_with_hostile_next_goes_to_dashboard(client, target):
    organiser = OrganiserFactory()
    device = enrol_totp(organiser)
    response = client.post(
        reverse("accounts:login"), {"username": organiser.email, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == reverse("accounts:two_factor")
    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_two_step_enrolment_with_hostile_next_leads_on_within_the_site(client, target):
    organiser = OrganiserFactory()
    client.post(
        reverse("accounts:login"), {"username": organiser.email, "password": PASSWORD, "next": target}
    )
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=organiser, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert response["Location"] == reverse("accounts:recovery_codes")
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert "evil.example" not in page
    assert "javascript:" not in page


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_guardian_invitation_from_the_checklist_stays_on_site(client, target):
    entry = draft_entry(contest=essay_contest())
    client.force_login(entry.lead_entrant)
    response = client.post(
        reverse("submissions:invite_guardian", args=[entry.pk]),
        {"guardian_email": "me.cua.em@example.vn", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:edit", args=[entry.pk])


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
