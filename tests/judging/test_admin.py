import re

import pytest
from django.urls import reverse

from contest.enums import Role
from contest.models import User
from judging.models import ConflictOfInterest, Rubric
from tests.factories import EntrantFactory, JudgeFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

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


def test_organiser_invites_judges_who_set_a_password_and_sign_in(
    client, organiser, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    panel = PanelFactory(head_judge=None, judges=[])
    client.force_login(organiser)
    url = reverse("judging_invite")
    assert client.get(url).status_code == 200
    for email, name, role in [
        ("Le.Thi.Hoa@truong.example", "Lê Thị Hoa", "judge"),
        ("pham.van.duc@truong.example", "Phạm Văn Đức", "head_judge"),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email, "full_name": name, "role": role, "panel": panel.pk})
        assert response.status_code == 302
    hoa = User.objects.get(email="le.thi.hoa@truong.example")
    duc = User.objects.get(email="pham.van.duc@truong.example")
    assert (hoa.role, duc.role) == (Role.JUDGE, Role.HEAD_JUDGE)
    assert not hoa.has_usable_password()
    panel.refresh_from_db()
    assert set(panel.judges.all()) == {hoa, duc}
    assert panel.head_judge == duc
    assert [m.to for m in mailoutbox] == [[hoa.email], [duc.email]]
    link = re.search(r"https?://\S+/cham-thi/dat-mat-khau/\S+/", mailoutbox[0].body).group(0)
    # The invited judge follows the link, sets a password and signs in with it.
    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Chấm-thi-2026!an-toàn", "new_password2": "Chấm-thi-2026!an-toàn"},
    )
    assert done.status_code == 302
    hoa.refresh_from_db()
    assert hoa.check_password("Chấm-thi-2026!an-toàn")
    assert client.get("/" + path).status_code == 200  # the used link now says it is no longer valid
    assert "không còn dùng được" in client.get("/" + path, follow=True).content.decode()


def test_invite_refuses_an_existing_account_of_another_role(client, organiser):
    pupil = EntrantFactory(email="hs.nguyen.an@truong.example")
    client.force_login(organiser)
    response = client.post(
        reverse("judging_invite"),
        {"email": pupil.email, "full_name": "Nguyễn An", "role": "judge"},
    )
    assert response.status_code == 400
    assert "vai trò khác" in response.content.decode()
    pupil.refresh_from_db()
    assert pupil.role == Role.ENTRANT


def test_judge_cannot_reach_the_invite_screen(client):
    client.force_login(JudgeFactory())
    assert client.get(reverse("judging_invite")).status_code in {302, 403, 404}


def test_organiser_declares_a_conflict_by_the_entrants_name(client, organiser):
    judge = JudgeFactory()
    mai = JudgeableEntryFactory(lead_entrant__full_name="Nguyễn Thị Mai")
    JudgeableEntryFactory(lead_entrant__full_name="Nguyễn Thị Mai Anh")
    JudgeableEntryFactory(lead_entrant__full_name="Phạm Quốc Bảo")
    client.force_login(organiser)
    url = reverse("wagtailsnippets_judging_conflictofinterest:add")
    assert client.get(url).status_code == 200
    base = {"judge": judge.pk, "entry": "", "school": "", "reason": "Cháu ruột"}
    several = client.post(url, base | {"entrant": "NGUYEN THI MAI"})
    assert several.status_code == 200
    assert "Có nhiều bài khớp" in several.content.decode()
    assert mai.code in several.content.decode()
    assert client.post(url, base | {"entrant": "không có ai"}).status_code == 200
    assert not ConflictOfInterest.objects.exists()
    response = client.post(url, base | {"entrant": mai.code.lower()})
    assert response.status_code == 302
    assert ConflictOfInterest.objects.get().entry == mai
    unique = client.post(url, base | {"judge": JudgeFactory().pk, "entrant": "pham quoc bao"})
    assert unique.status_code == 302
    assert ConflictOfInterest.objects.filter(entry__lead_entrant__full_name="Phạm Quốc Bảo").exists()
