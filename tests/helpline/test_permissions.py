"""Only designated officers see reports: every other role gets 404 from every URL of the queue, and no page
they can open shows that a report exists."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from helpline.models import AuditEvent
from helpline.rules import POLICE_GROUP
from helpline.services import submit_report
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    EntrantFactory,
    HeadJudgeFactory,
    JudgeFactory,
    OrganiserFactory,
    UserFactory,
)
from tests.helpline.conftest import VIETNAMESE
from tests.helpline.test_evidence_helpers import screenshot
from tests.signin import current_code, enrol_totp

pytestmark = pytest.mark.django_db

NOT_OFFICERS = {
    "entrant": EntrantFactory,
    "coordinator": CoordinatorFactory,
    "judge": JudgeFactory,
    "head_judge": HeadJudgeFactory,
    "organiser": OrganiserFactory,
    "superuser": lambda: UserFactory(is_superuser=True, is_staff=True, role="organiser", school=None),
}


@pytest.fixture
def report(officer, tmp_path):
    report, _code = submit_report(
        concerns=["threat"],
        description=VIETNAMESE,
        screenshots=[screenshot(tmp_path)],
        involve=["police"],
        contact="0912 345 678",
        language="vi",
    )
    return report


def officer_urls(report) -> list[tuple[str, str]]:
    evidence = report.evidence.get()
    gets = [
        reverse("helpline:officer_queue"),
        reverse("helpline:officer_queue") + "?closed=1",
        reverse("helpline:officer_report", args=[report.pk]),
        reverse("helpline:officer_evidence", args=[report.pk, evidence.pk]),
        reverse("helpline:officer_evidence_original", args=[report.pk, evidence.pk]),
        reverse("helpline:officer_report", args=[report.pk + 1000]),
    ]
    actions = ["pick-up", "reply", "note", "urgency", "assign", "escalate", "close", "misuse", "reopen"]
    posts = [reverse("helpline:officer_action", args=[report.pk, action]) for action in actions]
    return [("get", url) for url in gets] + [("post", url) for url in posts]


@pytest.mark.parametrize("role", sorted(NOT_OFFICERS))
def test_every_report_url_is_404_for_role(client, report, role):
    user = NOT_OFFICERS[role]()
    client.force_login(user)
    before = report.state, report.assigned_to_id, report.messages.count()
    for method, url in officer_urls(report):
        response = getattr(client, method)(
            url, {"text": "xin chào", "outcome": "advised", "urgency": "normal"}
        )
        assert response.status_code == 404, (role, url)
        assert VIETNAMESE not in response.content.decode()
    report.refresh_from_db()
    assert (report.state, report.assigned_to_id, report.messages.count()) == before
    assert not AuditEvent.objects.filter(actor=user).exists()


@pytest.mark.parametrize("role", sorted(NOT_OFFICERS))
def test_no_count_of_reports_on_pages_role_opens(client, report, role):
    user = NOT_OFFICERS[role]()
    client.force_login(user)
    for url in ["/", reverse("accounts:dashboard"), "/admin/"]:
        response = client.get(url)
        body = response.content.decode()
        assert "Báo cáo xin giúp đỡ" not in body, (role, url)
        assert reverse("helpline:officer_queue") not in body, (role, url)


def test_anonymous_is_sent_to_sign_in_before_any_report_is_looked_up(client, report):
    for method, url in officer_urls(report):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert "dang-nhap" in response["Location"]


def test_officer_opens_every_page_and_each_view_is_audited(client, report, officer):
    client.force_login(officer)
    for method, url in officer_urls(report)[:5]:
        assert getattr(client, method)(url).status_code == 200, url
    actions = list(AuditEvent.objects.filter(actor=officer).values_list("action", flat=True))
    assert actions == ["view_queue", "view_queue", "view", "view_evidence", "view_original"]


def test_original_screenshot_only_for_the_assigned_officer(client, report, officer, second_officer):
    evidence = report.evidence.get()
    client.force_login(second_officer)
    assert client.get(reverse("helpline:officer_evidence", args=[report.pk, evidence.pk])).status_code == 200
    original = client.get(reverse("helpline:officer_evidence_original", args=[report.pk, evidence.pk]))
    assert original.status_code == 403


def test_police_cyber_unit_group_members_are_officers(client, report):
    police = UserFactory(role="organiser", school=None, email="a05@congan.example")
    police.groups.add(Group.objects.get_or_create(name=POLICE_GROUP)[0])
    client.force_login(police)
    assert client.get(reverse("helpline:officer_report", args=[report.pk])).status_code == 200


def test_login_then_queue_for_officer(client, report, officer):
    """An officer signs in with password and authenticator code (two steps), then sees the queue."""
    device = enrol_totp(officer)
    response = client.post(reverse("accounts:login"), {"username": officer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor")
    assert client.get(reverse("helpline:officer_queue")).status_code == 302  # no session before step two
    assert client.post(reverse("accounts:two_factor"), {"token": current_code(device)}).status_code == 302
    assert f"#{report.pk}" in client.get(reverse("helpline:officer_queue")).content.decode()


def test_officer_actions_from_the_report_page(client, report, officer, second_officer):
    client.force_login(officer)
    url = lambda action: reverse("helpline:officer_action", args=[report.pk, action])  # noqa: E731
    assert client.post(url("pick-up")).status_code == 302
    assert client.post(url("note"), {"text": "Đã gọi cô chủ nhiệm"}).status_code == 302
    assert client.post(url("urgency"), {"urgency": "high"}).status_code == 302
    assert client.post(url("assign"), {"officer": second_officer.pk}).status_code == 302
    assert client.post(url("close"), {"outcome": "referred_school"}).status_code == 302
    assert client.post(url("reopen")).status_code == 302
    report.refresh_from_db()
    assert (report.state, report.urgency, report.assigned_to) == ("in_progress", "high", second_officer)
    page = client.get(reverse("helpline:officer_report", args=[report.pk])).content.decode()
    assert "Đã gọi cô chủ nhiệm" in page
    assert "Công an" in page  # who she is willing to involve, in words
    actions = list(AuditEvent.objects.filter(actor=officer).values_list("action", flat=True))
    for action in ["transition", "note", "urgency", "assign", "view"]:
        assert action in actions


def test_officer_close_without_outcome_is_refused_with_a_message(client, report, officer):
    client.force_login(officer)
    response = client.post(reverse("helpline:officer_action", args=[report.pk, "close"]), follow=True)
    assert "Hãy chọn kết quả trước khi đóng báo cáo." in response.content.decode()
    report.refresh_from_db()
    assert report.state == "new"


def test_need_help_link_on_every_site_page(client, report):
    for url in [reverse("accounts:login"), reverse("accounts:register")]:
        body = client.get(url).content.decode()
        assert f'href="{reverse("helpline:start")}"' in body
        assert "Cần giúp đỡ?" in body


def test_organiser_edits_guidance_snippets_in_wagtail(client, report):
    client.force_login(OrganiserFactory())
    response = client.get(reverse("wagtailsnippets_helpline_helpguidance:list"))
    assert response.status_code == 200


def test_queue_query_count_does_not_grow_with_reports(client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    url = reverse("helpline:officer_queue")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        submit_report(
            concerns=["scam"], description="", screenshots=[], involve=[], contact="", language="vi"
        )
    count()  # the first view creates the site settings and the officer's Wagtail profile
    few = count()
    for _ in range(8):
        submit_report(
            concerns=["meet"], description="", screenshots=[], involve=[], contact="", language="vi"
        )
    assert count() == few
