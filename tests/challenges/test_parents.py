"""Parents in the challenges: an account made through the guardian's e-mailed link (active at once, one
per link, never tied to the child), what that account can and cannot see, and a parent's clip going
through the real upload and pipeline to the wall, credited as an adult."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from challenges import rules as clip_rules
from challenges.enums import ClipState
from challenges.models import Clip
from contest import rules
from contest.enums import Role
from contest.models import User
from privacy.models import GuardianConsentRequest
from privacy.rules import can_manage_own_consent, can_use_data_rights
from privacy.services.consent import guardian_link_token, record_guardian_decision
from submissions.enums import EntryState
from tests.challenges.conftest import consent
from tests.challenges.test_flow import send_clip
from tests.factories import PASSWORD, CoordinatorFactory, EntryFactory
from tests.factories.clips import ClipFactory
from tests.factories.parents import ParentFactory, guardian_link

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Me-cua-Lan-2026!"


def account_url(token: str) -> str:
    return reverse("privacy:guardian_account", args=[token])


def make_account(client, token: str, name: str = "Trần Thị Hồng"):
    return client.post(
        account_url(token), {"full_name": name, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )


# --- the account through the link ----------------------------------------------------------------------


def test_guardian_page_offers_an_account_of_their_own(client, pupil):
    _, token = guardian_link(pupil)
    page = client.get(reverse("privacy:guardian", args=[token]))
    assert page.status_code == 200
    assert account_url(token) in page.content.decode()
    done = client.post(reverse("privacy:guardian", args=[token]), {"participation": "on"})
    assert done.status_code == 200
    assert account_url(token) in done.content.decode()


def test_parent_makes_an_active_account_with_the_links_address_and_signs_in(
    client, pupil, immediate_tasks, django_capture_on_commit_callbacks
):
    row, token = guardian_link(pupil, email="Me.Lan@Example.vn")
    mail.outbox.clear()
    page = client.get(account_url(token))
    assert page.status_code == 200
    assert "me.lan@example.vn" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = make_account(client, token)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    parent = User.objects.get(email="me.lan@example.vn")
    assert parent.role == Role.PARENT
    assert parent.is_active
    assert parent.full_name == "Trần Thị Hồng"
    assert parent.school_id is None
    assert parent.date_of_birth is None
    assert mail.outbox == []  # the link proved the address: no activation mail
    row.refresh_from_db()
    assert row.parent_account_at is not None
    assert row.revoked_at is None  # the link still serves the child's consent

    signed_in = client.post(
        reverse("accounts:login") + "?next=" + reverse("challenges:index"),
        {"username": "me.lan@example.vn", "password": NEW_PASSWORD},
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("challenges:index")
    assert client.session.get_expiry_age() == 8 * 3600


def test_one_account_per_link(client, pupil):
    row, token = guardian_link(pupil)
    assert make_account(client, token).status_code == 302
    # The address now has an account; even were it changed, the link has made its one account.
    User.objects.filter(email=row.guardian_email).update(email="doi-dia-chi@example.vn")
    again = make_account(client, token, name="Người Khác")
    assert again.status_code == 409
    assert User.objects.filter(role=Role.PARENT).count() == 1
    page = client.get(account_url(token))
    assert 'id="parent-account-made"' in page.content.decode()
    assert 'id="parent-account-form"' not in page.content.decode()
    offer = client.get(reverse("privacy:guardian", args=[token]))
    assert account_url(token) not in offer.content.decode()


def test_an_address_that_already_has_an_account_is_told_to_sign_in(client, pupil):
    teacher = CoordinatorFactory(email="me.lan@example.vn", full_name="Trần Thị Hồng")
    row, token = guardian_link(pupil, email="me.lan@example.vn")
    page = client.get(account_url(token))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="parent-account-exists"' in body
    assert reverse("accounts:login") in body
    assert 'id="parent-account-form"' not in body
    response = make_account(client, token)
    assert response.status_code == 409
    teacher.refresh_from_db()
    assert teacher.role == Role.COORDINATOR  # nothing about the existing account changes
    assert teacher.check_password(PASSWORD)
    row.refresh_from_db()
    assert row.parent_account_at is None
    assert User.objects.filter(email__iexact="me.lan@example.vn").count() == 1


def test_expired_link_makes_no_account(client, pupil):
    row, token = guardian_link(pupil)
    GuardianConsentRequest.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(account_url(token))
    assert page.status_code == 410
    assert "hết hạn" in page.content.decode()
    assert make_account(client, token).status_code == 410
    assert not User.objects.filter(role=Role.PARENT).exists()


def test_revoked_link_makes_no_account(client, pupil):
    row, token = guardian_link(pupil)
    guardian_link(pupil, email="bo.lan@example.vn")  # a newer link replaces it
    response = make_account(client, token)
    assert response.status_code == 410
    assert "không còn dùng được" in response.content.decode()
    assert not User.objects.filter(email=row.guardian_email).exists()


def test_tampered_link_makes_no_account(client, pupil):
    _, token = guardian_link(pupil)
    response = make_account(client, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert response.status_code == 404
    assert not User.objects.filter(role=Role.PARENT).exists()


def test_weak_or_mismatched_password_is_400_and_no_account(client, pupil):
    _, token = guardian_link(pupil, email="me.lan@example.vn")
    weak = client.post(
        account_url(token), {"full_name": "Trần Thị Hồng", "password1": "123", "password2": "123"}
    )
    assert weak.status_code == 400
    mismatch = client.post(
        account_url(token), {"full_name": "Trần Thị Hồng", "password1": NEW_PASSWORD, "password2": "khac"}
    )
    assert mismatch.status_code == 400
    assert "chưa giống nhau" in mismatch.content.decode()
    assert not User.objects.filter(role=Role.PARENT).exists()


def test_account_can_be_made_before_and_independently_of_consent(client, pupil):
    row, token = guardian_link(pupil)
    assert make_account(client, token).status_code == 302
    # Consent afterwards through the same link still works and is the guardian's, not the account's.
    record_guardian_decision(request=row, purposes={"participation"})
    assert client.get(reverse("privacy:guardian", args=[guardian_link_token(row)])).status_code == 200


# --- what the parent's account reaches -----------------------------------------------------------------


def test_parent_role_predicates():
    parent = ParentFactory()
    assert rules.is_parent(parent)
    assert not rules.is_entrant(parent)
    assert not rules.is_coordinator(parent)
    assert not rules.can_enter_contest(parent)
    assert not rules.can_access_cms_admin(parent)
    assert not rules.needs_two_factor(parent)
    assert not can_manage_own_consent(parent)
    assert can_use_data_rights(parent)  # their own clips, pledges and votes; never the child's data
    assert not clip_rules.needs_consent_records(parent)
    parent.is_active = False
    assert not rules.is_parent(parent)


def test_parents_account_shows_nothing_of_the_child(client, pupil, challenge):
    row, token = guardian_link(pupil)
    consent(pupil)
    make_account(client, token)
    parent = User.objects.get(email=row.guardian_email)
    entry = EntryFactory(lead_entrant=pupil, state=EntryState.SUBMITTED, submitted_at=timezone.now())
    clip = ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)
    client.force_login(parent)

    dashboard = client.get(reverse("accounts:dashboard"))
    assert dashboard.status_code == 200
    body = dashboard.content.decode()
    assert reverse("challenges:mine") in body
    assert reverse("submissions:my_entries") not in body
    assert reverse("privacy:mine") not in body
    for page in [
        reverse("accounts:dashboard"),
        reverse("submissions:my_entries"),
        reverse("challenges:mine"),
    ]:
        response = client.get(page)
        text = response.content.decode()
        assert pupil.full_name not in text, page
        assert entry.code not in text, page
        assert f"/clip-cua-toi/{clip.pk}/" not in text, page
    assert client.get(reverse("privacy:mine")).status_code == 403
    for name in ["edit", "receipt"]:
        assert client.get(reverse(f"submissions:{name}", args=[entry.pk])).status_code == 404, name
    assert client.get(reverse("challenges:clip", args=[clip.pk])).status_code == 404
    assert client.post(reverse("challenges:withdraw", args=[clip.pk]), {"confirm": "on"}).status_code == 404
    assert client.get(reverse("privacy:confirm_guardian", args=[pupil.pk])).status_code == 405
    assert (
        client.post(reverse("privacy:confirm_guardian", args=[pupil.pk]), {"how": "phone"}).status_code == 403
    )
    clip.refresh_from_db()
    assert clip.state == ClipState.PENDING


# --- the parent's clip ---------------------------------------------------------------------------------


@pytest.fixture
def _small_chunks(settings):
    settings.UPLOAD_CHUNK_BYTES = 64 * 1024
    settings.UPLOAD_MAX_CHUNK_BYTES = 64 * 1024


@pytest.mark.usefixtures("_small_chunks")
def test_parent_sends_a_clip_that_reaches_the_wall_credited_by_name(
    client,
    challenge,
    pupil,
    organiser,
    clip_files,
    media_tasks,
    django_capture_on_commit_callbacks,
):
    row, token = guardian_link(pupil)
    make_account(client, token, name="Trần Thị Hồng")
    parent = User.objects.get(email=row.guardian_email)
    assert clip_rules.can_send_clip(parent, challenge)
    client.force_login(parent)
    send_page = client.get(reverse("challenges:send", args=[challenge.slug]))
    assert send_page.status_code == 200
    assert b'id="uploader"' in send_page.content
    assert "Quý phụ huynh và anh chị đồng ý" in send_page.content.decode()  # adults agree by sending
    assert reverse("privacy:mine") not in send_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _, done = send_clip(client, challenge, clip_files["plain"].read_bytes())
    assert done.status_code == 200, done.content
    clip = Clip.objects.get(pk=done.json()["clip"]["id"])
    assert clip.author == parent
    assert clip.state == ClipState.PENDING  # through the real pipeline
    assert clip.rendition("video_720.mp4")

    from challenges.services.moderation import approve_clip

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_clip(clip=clip, actor=organiser)
    clip.refresh_from_db()
    assert clip.on_wall  # an adult agrees by sending: no consent records needed
    wall = client.get(reverse("challenges:detail", args=[challenge.slug])).content.decode()
    assert f'id="wall-clip-{clip.pk}"' in wall
    assert "Trần Thị Hồng" in wall  # the full name, the parent's own choice
    assert pupil.full_name not in wall
    (letter,) = mail.outbox
    assert letter.to == [parent.email]
    assert reverse("challenges:detail", args=[challenge.slug]) in letter.body


def test_parent_may_send_without_a_name(client, challenge, organiser, clip_files, media_tasks):
    from tests.factories.clips import processed_clip

    parent = ParentFactory(full_name="Lê Thị Thu Trang")
    clip = processed_clip(
        challenge=challenge, author=parent, path=clip_files["plain"], wants_credit=False, approve_by=organiser
    )
    wall = client.get(reverse("challenges:detail", args=[challenge.slug])).content.decode()
    assert f'id="wall-clip-{clip.pk}"' in wall
    assert "Lê Thị Thu Trang" not in wall
    assert "Trang L." not in wall


# --- reach ---------------------------------------------------------------------------------------------


def test_main_navigation_links_to_the_challenges(client):
    page = client.get(reverse("challenges:index"))
    assert page.status_code == 200
    nav = page.content.decode().split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("challenges:index")}"' in nav


def test_every_dashboard_links_to_my_clips(client, pupil, student):
    for user in [pupil, ParentFactory(email="bo.minh@example.vn")]:
        client.force_login(user)
        body = client.get(reverse("accounts:dashboard")).content.decode()
        assert f'href="{reverse("challenges:mine")}"' in body
        assert f'href="{reverse("challenges:index")}"' in body


def test_demo_challenge_is_open_and_loading_again_keeps_it():
    from cms.demo import _challenge

    first = _challenge()
    assert first.is_open()
    assert first.hashtag == "#khongmotminh"
    assert timedelta(days=59) < first.closes_at - timezone.now() <= timedelta(days=60)
    again = _challenge()
    assert again.pk == first.pk
    assert again.closes_at == first.closes_at
