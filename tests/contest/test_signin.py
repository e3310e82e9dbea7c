"""Sign-in: pacing of guesses (finding 7), registration and reset that reveal nothing, two steps for the
roles that see children's identities, and how long a sign-in lasts."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from contest import throttling
from contest.models import SignInFailure, User
from tests.contest.test_accounts import registration_data
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    DivisionFactory,
    EntrantFactory,
    HeadJudgeFactory,
    JudgeFactory,
    OrganiserFactory,
    UserFactory,
)
from tests.signin import activation_path, current_code, enrol_totp

pytestmark = pytest.mark.django_db

SCHOOL_ADDRESS = "113.161.20.7"
LOGIN = "/dang-nhap/"


def attempt(client, email, password, address=SCHOOL_ADDRESS):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def normalised(html: str) -> str:
    """A page without what changes on every request anyway (nonce, CSRF token)."""
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- pacing ------------------------------------------------------------------------------------------


def test_five_wrong_guesses_from_a_school_address_do_not_lock_out_the_owner():
    pupil = EntrantFactory(email="lan.anh@khongmotminh.example")
    classmate = Client()
    for _ in range(5):
        assert attempt(classmate, pupil.email, "doan-bua-1234").status_code == 200
    owner = Client()
    response = attempt(owner, pupil.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(owner)


def test_guessing_one_account_from_many_addresses_is_capped():
    pupil = EntrantFactory()
    for number in range(6):
        attempt(Client(), pupil.email, f"doan-{number}", address=f"14.232.0.{number + 1}")
    fresh = Client()
    response = attempt(fresh, pupil.email, PASSWORD, address="27.72.100.9")
    assert response.status_code == 429
    assert not signed_in(fresh)
    assert "thử lại sau" in response.content.decode()


def test_paused_attempt_does_not_count_and_ends_after_the_wait():
    pupil = EntrantFactory()
    for number in range(6):
        attempt(Client(), pupil.email, "sai", address=f"14.232.1.{number + 1}")
    assert attempt(Client(), pupil.email, "sai", address="14.232.1.99").status_code == 429
    assert SignInFailure.objects.count() == 6
    SignInFailure.objects.update(at=timezone.now() - timedelta(seconds=31))
    owner = Client()
    assert attempt(owner, pupil.email, PASSWORD, address="14.232.1.99").status_code == 302


def test_delays_grow_with_each_failure_up_to_fifteen_minutes():
    email = "khong-co-ai@khongmotminh.example"
    waits = []
    for _ in range(12):
        throttling.record_sign_in_failure(email=email, address="1.2.3.4", device="")
        waits.append(
            round(throttling.sign_in_wait(email=email, address="9.9.9.9", device="").total_seconds())
        )
    assert waits[:5] == [0, 0, 0, 0, 0]
    assert waits[5] == 30
    assert waits[6] == 60
    assert waits[5:] == sorted(waits[5:])
    assert max(waits) <= 15 * 60
    assert waits[-1] == 15 * 60


def test_trusted_browser_of_the_owner_passes_after_guessing_elsewhere():
    pupil = EntrantFactory()
    owner = Client()
    assert attempt(owner, pupil.email, PASSWORD).status_code == 302
    owner.post(reverse("accounts:logout"))
    for number in range(12):
        attempt(Client(), pupil.email, "sai", address=f"171.244.0.{number + 1}")
    assert attempt(Client(), pupil.email, PASSWORD, address="171.244.9.9").status_code == 429
    response = attempt(owner, pupil.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(owner)


def test_many_accounts_from_one_address_are_capped():
    pupil = EntrantFactory()
    guesser = Client()
    for number in range(throttling.ADDRESS_FAILURES):
        attempt(guesser, f"hoc.sinh.{number}@khongmotminh.example", "123456")
    from_there = Client()
    assert attempt(from_there, pupil.email, PASSWORD).status_code == 429
    assert not signed_in(from_there)
    elsewhere = Client()
    assert attempt(elsewhere, pupil.email, PASSWORD, address="203.113.5.5").status_code == 302


def test_unknown_address_is_paced_exactly_like_a_real_account():
    real = EntrantFactory()
    answers = []
    for email in [real.email, "chua-dang-ky@khongmotminh.example"]:
        for number in range(6):
            attempt(Client(), email, "sai", address=f"42.0.0.{number + 1}")
        response = attempt(Client(), email, "sai", address="42.0.1.1")
        answers.append((response.status_code, response.content.decode().replace(email, "")))
    assert answers[0][0] == answers[1][0] == 429


def test_failures_store_no_email_and_no_address():
    attempt(Client(), "minh.chau@khongmotminh.example", "sai")
    failure = SignInFailure.objects.get()
    assert "minh" not in failure.account
    assert SCHOOL_ADDRESS not in failure.address


# --- registration and reset reveal nothing -----------------------------------------------------------


def test_registration_with_a_taken_email_answers_like_a_new_one(django_capture_on_commit_callbacks):
    DivisionFactory(min_age=11, max_age=15)
    EntrantFactory(email="da.co@khongmotminh.example", full_name="Phạm Thu Hà")
    pages = []
    for email in ["da.co@khongmotminh.example", "moi.tinh@khongmotminh.example"]:
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:register"), registration_data(email=email))
        assert response.status_code == 302
        page = client.get(response.url)
        pages.append((response.url, page.status_code, page.content.decode().replace(email, "EMAIL")))
        assert not signed_in(client)
    assert pages[0][:2] == pages[1][:2]
    assert normalised(pages[0][2]) == normalised(pages[1][2])
    assert "đã được đăng ký" not in pages[0][2]
    assert User.objects.filter(email="da.co@khongmotminh.example").count() == 1
    assert User.objects.get(email="da.co@khongmotminh.example").full_name == "Phạm Thu Hà"
    (owner_letter,) = [m for m in mail.outbox if m.to == ["da.co@khongmotminh.example"]]
    assert "đã có tài khoản" in owner_letter.body
    assert "/quen-mat-khau/" in owner_letter.body
    (new_letter,) = [m for m in mail.outbox if m.to == ["moi.tinh@khongmotminh.example"]]
    assert "/kich-hoat/" in new_letter.body


def test_registration_done_page_says_what_to_do_next(client, django_capture_on_commit_callbacks):
    DivisionFactory(min_age=11, max_age=15)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), registration_data(), follow=True)
    html = response.content.decode()
    assert "Kiểm tra hộp thư của em" in html
    assert "Bấm vào liên kết trong thư" in html
    assert "binh@khongmotminh.example" in html


def test_activation_link_works_once(client, django_capture_on_commit_callbacks):
    DivisionFactory(min_age=11, max_age=15)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:register"), registration_data())
    path = activation_path("binh@khongmotminh.example")
    assert client.get(path).status_code == 302
    assert User.objects.get(email="binh@khongmotminh.example").is_active
    assert Client().get(path).status_code == 400
    assert Client().get("/kich-hoat/MQ/sai-ma/").status_code == 400


def test_unactivated_account_cannot_sign_in():
    pupil = EntrantFactory(is_active=False)
    client = Client()
    response = attempt(client, pupil.email, PASSWORD)
    assert response.status_code == 200
    assert not signed_in(client)


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(django_capture_on_commit_callbacks):
    known = EntrantFactory(email="co.that@khongmotminh.example")
    answers = []
    for email in [known.email, "khong.co@khongmotminh.example"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(reverse("accounts:password_reset"), {"email": email}, follow=True)
        answers.append((response.redirect_chain, response.status_code, response.content.decode()))
    assert answers[0][:2] == answers[1][:2]
    assert normalised(answers[0][2]) == normalised(answers[1][2])
    assert [m.to for m in mail.outbox] == [[known.email]]


def test_password_reset_link_sets_a_new_password(django_capture_on_commit_callbacks):
    pupil = EntrantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:password_reset"), {"email": pupil.email})
    (letter,) = mail.outbox
    assert "Đặt lại mật khẩu" in letter.subject
    path = "/" + letter.body.split("/dat-lai-mat-khau/")[1].split()[0]
    client = Client()
    form_page = client.get("/dat-lai-mat-khau" + path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-cua-em-2026", "new_password2": "Mat-khau-moi-cua-em-2026"},
    )
    assert response.status_code == 302
    assert attempt(Client(), pupil.email, "Mat-khau-moi-cua-em-2026").status_code == 302


# --- two steps -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_user",
    [
        OrganiserFactory,
        HeadJudgeFactory,
        lambda: OrganiserFactory(is_safeguarding_officer=True),
        lambda: UserFactory(is_superuser=True, is_staff=True, role="entrant"),
    ],
    ids=["organiser", "head_judge", "safeguarding_officer", "superuser"],
)
def test_password_alone_gives_no_session_to_roles_that_need_two_steps(make_user):
    user = make_user()
    client = Client()
    response = attempt(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_setup")
    assert not signed_in(client)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert not signed_in(client)


@pytest.mark.parametrize("factory", [EntrantFactory, JudgeFactory, CoordinatorFactory])
def test_other_roles_sign_in_with_the_password(factory):
    client = Client()
    assert attempt(client, factory().email, PASSWORD).status_code == 302
    assert signed_in(client)


def test_enrolment_draws_the_qr_code_here_and_gives_recovery_codes(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    organiser = OrganiserFactory()
    client = Client()
    attempt(client, organiser.email, PASSWORD)
    page = client.get(reverse("accounts:two_factor_setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    assert "otpauth" not in html
    assert "<img" not in html.split("<main")[1]
    device = organiser.totpdevice_set.get(confirmed=False)
    assert client.post(reverse("accounts:two_factor_setup"), {"token": "000000"}).status_code == 400
    assert not signed_in(client)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    assert signed_in(client)
    codes_page = client.get(response.url).content.decode()
    codes = list(StaticToken.objects.filter(device__user=organiser).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    assert client.get(reverse("accounts:recovery_codes")).status_code == 302


def test_enrolled_organiser_needs_the_current_code(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    organiser = OrganiserFactory()
    device = enrol_totp(organiser)
    client = Client()
    response = attempt(client, organiser.email, PASSWORD)
    assert response.url == reverse("accounts:two_factor")
    assert client.post(reverse("accounts:two_factor"), {"token": "123456"}).status_code == 400
    assert not signed_in(client)
    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_recovery_code_works_once():
    head = HeadJudgeFactory()
    enrol_totp(head)
    recovery = head.staticdevice_set.create(name="Mã khôi phục", confirmed=True)
    recovery.token_set.create(token="kmm2026a")
    first = Client()
    attempt(first, head.email, PASSWORD)
    assert first.post(reverse("accounts:two_factor"), {"token": "kmm2026a"}).status_code == 302
    assert signed_in(first)
    second = Client()
    attempt(second, head.email, PASSWORD, address="10.0.0.2")
    assert second.post(reverse("accounts:two_factor"), {"token": "kmm2026a"}).status_code == 400
    assert not signed_in(second)


def test_second_step_expires_with_its_pending_sign_in():
    organiser = OrganiserFactory()
    enrol_totp(organiser)
    client = Client()
    attempt(client, organiser.email, PASSWORD)
    session = client.session
    session["signin_pending"]["at"] -= 3600
    session.save()
    assert client.get(reverse("accounts:two_factor")).url == reverse("accounts:login")


def test_wagtail_login_form_is_never_used():
    organiser = OrganiserFactory()
    client = Client()
    assert client.get("/admin/login/").url.startswith(reverse("accounts:login"))
    client.post("/admin/login/", {"username": organiser.email, "password": PASSWORD})
    assert not signed_in(client)


# --- how long a sign-in lasts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "hours"), [(EntrantFactory, 8), (CoordinatorFactory, 12), (JudgeFactory, 12)]
)
def test_session_lifetime_follows_the_role(factory, hours):
    client = Client()
    attempt(client, factory().email, PASSWORD)
    assert client.session.get_expiry_age() == hours * 3600


def test_organiser_session_lasts_eight_hours():
    organiser = OrganiserFactory()
    device = enrol_totp(organiser)
    client = Client()
    attempt(client, organiser.email, PASSWORD)
    client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert client.session.get_expiry_age() == 8 * 3600
