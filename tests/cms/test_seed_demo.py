import pytest
from django.apps import apps
from django.core.management import call_command

from contest.enums import Role
from contest.models import User

pytestmark = pytest.mark.django_db

COUNTED = [
    "contest.Campaign",
    "contest.Contest",
    "contest.Division",
    "contest.School",
    "contest.Prize",
    "contest.User",
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "auth.Group",
    "cms.SafetySettings",
]


def snapshot():
    counts = {label: apps.get_model(label).objects.count() for label in COUNTED}
    contests = list(
        apps.get_model("contest.Contest")
        .objects.order_by("slug")
        .values_list("slug", "opens_at", "closes_at")
    )
    return counts, contests


def test_seed_demo_twice_equals_once():
    call_command("seed_demo", "--quiet-logins")
    first = snapshot()
    call_command("seed_demo", "--quiet-logins")
    assert snapshot() == first


def test_seed_demo_content():
    call_command("seed_demo", "--quiet-logins")
    counts, _contests = snapshot()
    assert counts["contest.School"] >= 20
    assert counts["contest.Division"] == 3
    kinds = set(apps.get_model("contest.Contest").objects.values_list("kind", flat=True))
    assert {"essay", "drawing", "comic", "music", "video", "poster"} <= kinds
    assert apps.get_model("cms.ArticlePage").objects.filter(locale__language_code="vi").count() >= 4
    for role in Role.values:
        assert User.objects.filter(role=role).exists(), role
    organiser = User.objects.get(email="bantochuc@khongmotminh.example")
    assert organiser.has_perm("wagtailadmin.access_admin")
