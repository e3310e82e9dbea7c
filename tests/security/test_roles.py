"""Finding 9: only superusers manage users, groups and permissions; no organiser action can give a judge or
head judge an admin permission, and no judge reaches an entrant's identity through the judging portal."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, reverse

from contest.enums import Role
from contest.services import ensure_organiser_group
from judging import urls as judging_urls
from judging.enums import RoundState
from judging.media import make_token
from judging.models import Assignment, ScoreSheet
from judging.selectors import sheet_version
from judging.services.rounds import transition_round
from judging.services.sheets import save_sheet
from tests.factories import EntrantFactory, JudgeFactory, OrganiserFactory, SchoolFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory
from tests.security.walk import our_admin_form_classes, our_classes

pytestmark = pytest.mark.django_db

ENTRANT_SCHOOL = "THCS Trường Rất Riêng Tư"
SECRETS = ["Trịnh Thị Bí Mật", "bimat.rieng@example.org", ENTRANT_SCHOOL, "Hoàng Văn Ẩn Danh"]
ADMIN_FIELDS = {"groups", "user_permissions", "is_superuser", "is_staff", "permissions"}


def test_organiser_group_holds_no_account_or_auth_permission():
    group = ensure_organiser_group()
    held = Permission.objects.filter(group=group)
    assert not held.filter(content_type__app_label="auth").exists()
    assert not held.filter(content_type__app_label="contest", content_type__model="user").exists()
    assert not held.filter(content_type__app_label="wagtailcore", content_type__model__startswith="group")
    assert held.filter(codename="access_admin").exists()
    assert held.filter(codename="change_contest").exists()


def test_organiser_group_loses_account_permissions_given_earlier():
    group = ensure_organiser_group()
    group.permissions.add(*Permission.objects.filter(codename__in=["change_user", "change_group"]))
    ensure_organiser_group()
    assert not group.permissions.filter(codename__in=["change_user", "change_group"]).exists()


@pytest.fixture
def people(db):
    organiser = OrganiserFactory()
    judge = JudgeFactory()
    head = PanelFactory(judges=[judge]).head_judge
    return {"organiser": organiser, "judge": judge, "head": head}


def _admin_urls(target) -> list[str]:
    organisers = Group.objects.get(name="Ban tổ chức")
    return [
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=[target.pk]),
        reverse("wagtailusers_users:delete", args=[target.pk]),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_groups:edit", args=[organisers.pk]),
    ]


@pytest.mark.parametrize("target_role", ["judge", "head"])
def test_organiser_cannot_reach_user_or_group_admin(client, people, target_role):
    target = people[target_role]
    client.force_login(people["organiser"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    for url in _admin_urls(target):
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home"), url


@pytest.mark.parametrize("target_role", ["judge", "head"])
def test_organiser_cannot_give_a_judge_admin_rights(client, people, target_role):
    target = people[target_role]
    organisers = Group.objects.get(name="Ban tổ chức")
    client.force_login(people["organiser"])
    client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        {
            "email": target.email,
            "full_name": target.full_name,
            "is_active": "on",
            "is_superuser": "on",
            "groups": [organisers.pk],
        },
    )
    client.post(
        reverse("wagtailusers_groups:edit", args=[organisers.pk]),
        {"name": organisers.name, "permissions": list(Permission.objects.values_list("pk", flat=True))},
    )
    target.refresh_from_db()
    assert not target.is_superuser
    assert not target.is_staff
    assert target.role in {Role.JUDGE, Role.HEAD_JUDGE}
    assert not target.groups.exists()
    assert not target.has_perm("wagtailadmin.access_admin")
    assert not organisers.permissions.filter(content_type__app_label="auth").exists()


def test_no_form_of_ours_offers_admin_fields():
    from django import forms

    offered = {}
    for cls in our_classes(forms.BaseForm):
        fields = set(getattr(cls, "base_fields", {})) & ADMIN_FIELDS
        if fields:
            offered[cls.__qualname__] = fields
    for name, cls in our_admin_form_classes().items():
        fields = set(cls.base_fields) & ADMIN_FIELDS
        if fields:
            offered[name] = fields
    assert offered == {}


@pytest.fixture
def blind_round(db):
    """An open round whose entrants have names, e-mails and schools that must never reach a judge."""
    organiser = OrganiserFactory(is_superuser=True)
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges)
    round_ = RoundFactory(panel=panel, judges_per_entry=2)
    division = panel.contest.divisions.first()
    school = SchoolFactory(name=SECRETS[2])
    for name, email in [(SECRETS[0], SECRETS[1]), (SECRETS[3], "an.danh@example.org")]:
        lead = EntrantFactory(full_name=name, email=email, school=school)
        JudgeableEntryFactory(contest=panel.contest, division=division, lead_entrant=lead)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    for a in Assignment.objects.filter(round=round_, active=True).select_related("judge"):
        save_sheet(
            assignment=a,
            actor=a.judge,
            scores={c.pk: "7" for c in criteria},
            base_version=sheet_version(assignment=a),
            submit=True,
        )
    return round_


def _judging_urls(round_, judge) -> list[str]:
    assignment = Assignment.objects.filter(round=round_, judge=judge, active=True).first()
    other = Assignment.objects.exclude(judge=judge).filter(round=round_).first()
    values = {
        "round_id": [round_.pk],
        "assignment_id": [a.pk for a in (assignment, other) if a],
        "sheet_id": [s.pk for s in ScoreSheet.objects.filter(assignment__round=round_)],
        "token": [make_token(assignment_id=a.pk, position=0, index=0) for a in (assignment, other) if a],
    }
    urls = []
    for pattern in judging_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        params = list(pattern.pattern.regex.groupindex)
        if not params:
            urls.append(reverse(f"judging:{pattern.name}"))
        elif params == ["round_id", "kind", "fmt"]:
            for kind in ("diem", "xep-hang"):
                for fmt in ("csv", "xlsx"):
                    urls.append(reverse(f"judging:{pattern.name}", args=[round_.pk, kind, fmt]))
        elif params == ["uidb64", "token"]:
            # A judge's set-password link: tried with a link that is not theirs.
            urls.append(reverse(f"judging:{pattern.name}", kwargs={"uidb64": "MQ", "token": "sai-ma"}))
        else:
            (param,) = params
            assert param in values, f"judging URL {pattern.name} takes {param}: add it to this test"
            urls += [reverse(f"judging:{pattern.name}", kwargs={param: v}) for v in values[param]]
    return urls


@pytest.mark.parametrize("who", ["judge", "head_judge"])
def test_judges_reach_no_identity_through_any_judging_url(client, blind_round, who):
    user = blind_round.panel.judges.first() if who == "judge" else blind_round.panel.head_judge
    client.force_login(user)
    for url in _judging_urls(blind_round, user):
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode("utf-8", errors="replace")
        for secret in SECRETS:
            if url == reverse("judging:declare") and secret == ENTRANT_SCHOOL:
                # The judge's own declaration offers every school of the city to pick theirs from; the list
                # ties no school to any entry.
                assert text.count(f">{secret}</option>") == 1, url
                continue
            assert secret not in text, f"{secret} shown at {url}"
