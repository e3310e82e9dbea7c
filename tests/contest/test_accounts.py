from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.models import User
from tests.factories import PASSWORD, DivisionFactory, EntrantFactory, OrganiserFactory, SchoolFactory
from tests.signin import activation_path

pytestmark = pytest.mark.django_db


def registration_data(**overrides):
    school = SchoolFactory()
    born = timezone.localdate().replace(year=timezone.localdate().year - 14) - timedelta(days=3)
    data = {
        "full_name": "Trần Thị Bình",
        "email": "binh@khongmotminh.example",
        "date_of_birth": born.strftime("%d/%m/%Y"),
        "school": school.pk,
        "school_other": "",
        "class_name": "8A2",
        "password1": "Mot-mat-khau-dai-2026",
        "password2": "Mot-mat-khau-dai-2026",
    }
    data.update(overrides)
    return data


def test_register_creates_inactive_entrant_and_mails_the_link(client, django_capture_on_commit_callbacks):
    DivisionFactory(min_age=11, max_age=15)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), registration_data())
    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    user = User.objects.get(email="binh@khongmotminh.example")
    assert user.role == "entrant"
    assert user.full_name == "Trần Thị Bình"
    assert not user.is_active
    assert "_auth_user_id" not in client.session
    assert client.get(activation_path("binh@khongmotminh.example")).status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_register_future_birth_date_is_refused(client):
    future = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(reverse("accounts:register"), registration_data(date_of_birth=future))
    assert response.status_code == 400
    assert "Ngày sinh không thể ở tương lai." in response.content.decode()
    assert not User.objects.filter(email="binh@khongmotminh.example").exists()


def test_register_age_outside_every_division_is_refused(client):
    DivisionFactory(min_age=11, max_age=15)
    DivisionFactory(min_age=15, max_age=18)
    too_young = timezone.localdate().replace(year=timezone.localdate().year - 8).strftime("%d/%m/%Y")
    response = client.post(reverse("accounts:register"), registration_data(date_of_birth=too_young))
    assert response.status_code == 400
    assert "từ 11 đến 18 tuổi" in response.content.decode()


def test_register_without_school_needs_other_school_name(client):
    response = client.post(reverse("accounts:register"), registration_data(school=""))
    assert response.status_code == 400
    assert "Hãy chọn trường trong danh sách" in response.content.decode()


def test_login_by_email(client):
    user = EntrantFactory()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")


def test_login_wrong_password_shows_vietnamese_message(client):
    user = EntrantFactory()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "sai"})
    assert response.status_code == 200
    assert "E-mail hoặc mật khẩu chưa đúng" in response.content.decode()


def test_organiser_dashboard_leads_to_cms_admin(client):
    organiser = OrganiserFactory()
    client.force_login(organiser)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_entrant_cannot_enter_cms_admin(client):
    client.force_login(EntrantFactory())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code in {302, 403}


def test_register_out_of_school_needs_no_school_and_enters_bang_c(client):
    from submissions.services.entries import create_entry
    from tests.factories import CampaignFactory, ContestFactory

    campaign = CampaignFactory()
    bang_c = DivisionFactory(
        campaign=campaign,
        name="Bảng C – ĐH, CĐ và thanh niên",
        min_age=19,
        max_age=24,
        school_levels=["outside"],
    )
    contest = ContestFactory(campaign=campaign, divisions=[bang_c])
    born = timezone.localdate().replace(year=timezone.localdate().year - 22)
    data = registration_data(
        email="vu.thanh.nien@example.vn",
        date_of_birth=born.strftime("%d/%m/%Y"),
        school="",
        class_name="",
        out_of_school="on",
    )
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 302
    user = User.objects.get(email="vu.thanh.nien@example.vn")
    assert (user.school, user.school_other, user.out_of_school) == (None, "", True)
    assert create_entry(contest=contest, lead_entrant=user, actor=user).division == bang_c


def test_register_out_of_school_with_a_school_is_refused(client):
    response = client.post(reverse("accounts:register"), registration_data(out_of_school="on"))
    assert response.status_code == 400
    assert "bỏ đánh dấu “Không đi học”" in response.content.decode()
