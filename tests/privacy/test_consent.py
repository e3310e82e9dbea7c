"""Consent per purpose, the guardian link, and Entry.consent_complete."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from contest.errors import DomainError, NotAllowed
from privacy.enums import ConsentGiver, ConsentPurpose
from privacy.models import Consent, GuardianConsentRequest
from privacy.selectors import has_public_consent, needs_guardian
from privacy.services import consent as services
from submissions.enums import EntryState, MembershipState
from submissions.models import Entry
from submissions.selectors.consent import entry_consent_gaps
from submissions.services.consent import refresh_consent_complete
from tests.factories import ContestFactory, CoordinatorFactory, EntrantFactory, EntryFactory, SchoolFactory
from tests.factories.privacy import ConsentFactory, GuardianRequestFactory

pytestmark = pytest.mark.django_db

P1, P2, P3 = ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK, ConsentPurpose.DISPLAY_IDENTITY


def _years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def _link_token(entrant, **kwargs):
    req = services.request_guardian_consent(
        entrant=entrant, guardian_email="me@example.vn", guardian_name="Mẹ", actor=entrant, **kwargs
    )
    return req, services.guardian_link_token(req)


def test_needs_guardian_under_sixteen_on_closing_day():
    contest = ContestFactory(closes_at=timezone.now() + timedelta(days=30))
    fifteen = EntrantFactory(date_of_birth=_years_ago(15))
    turns_sixteen_before_close = EntrantFactory(date_of_birth=_years_ago(16, days=-10))
    sixteen = EntrantFactory(date_of_birth=_years_ago(16))
    day = timezone.localdate(contest.closes_at)
    assert needs_guardian(person=fifteen, day=day)
    assert not needs_guardian(person=turns_sixteen_before_close, day=day)
    assert not needs_guardian(person=sixteen, day=day)
    assert needs_guardian(person=EntrantFactory(date_of_birth=None), day=day)


def test_consent_complete_under_sixteen_needs_own_and_guardian(
    django_capture_on_commit_callbacks, immediate_tasks
):
    entrant = EntrantFactory(date_of_birth=_years_ago(14))
    entry = EntryFactory(lead_entrant=entrant, state=EntryState.DRAFT)
    services.set_own_consents(entrant=entrant, purposes={P1, P2}, actor=entrant)
    entry.refresh_from_db()
    assert not entry.consent_complete
    assert [g.who for g in entry_consent_gaps(entry=entry)] == ["guardian"]
    with django_capture_on_commit_callbacks(execute=True):
        _link_token(entrant)
    assert len(mail.outbox) == 1
    token = mail.outbox[0].body.split("/dong-y/phu-huynh/")[1].split("/")[0]
    services.record_guardian_decision(request=services.resolve_guardian_link(token=token), purposes={P1, P2})
    entry.refresh_from_db()
    assert entry.consent_complete
    assert has_public_consent(user=entrant, purpose=P2)
    assert not has_public_consent(user=entrant, purpose=P3)


def test_consent_complete_sixteen_and_over_needs_only_own():
    entrant = EntrantFactory(date_of_birth=_years_ago(17))
    entry = EntryFactory(lead_entrant=entrant)
    services.set_own_consents(entrant=entrant, purposes={P1}, actor=entrant)
    entry.refresh_from_db()
    assert entry.consent_complete


def test_consent_guardian_withdrawal_takes_entry_out_and_kills_link():
    entrant = EntrantFactory(date_of_birth=_years_ago(13))
    entry = EntryFactory(lead_entrant=entrant, state=EntryState.ELIGIBLE, submitted_at=timezone.now())
    services.set_own_consents(entrant=entrant, purposes={P1}, actor=entrant)
    req, token = _link_token(entrant)
    services.record_guardian_decision(request=req, purposes={P1, P2, P3})
    entry.refresh_from_db()
    assert entry.consent_complete
    assert services.withdraw_guardian_consent(request=req) == 3
    entry.refresh_from_db()
    assert not entry.consent_complete
    assert entry.state == EntryState.ELIGIBLE  # judging filters on consent_complete; state is kept
    with pytest.raises(services.ConsentLinkGone):
        services.resolve_guardian_link(token=token)


def test_consent_own_withdrawal_of_participation_withdraws_display():
    entrant = EntrantFactory(date_of_birth=_years_ago(18))
    services.set_own_consents(entrant=entrant, purposes={P1, P2, P3}, actor=entrant)
    services.set_own_consents(entrant=entrant, purposes=set(), actor=entrant)
    assert not Consent.objects.filter(subject=entrant, withdrawn_at__isnull=True).exists()
    assert Consent.objects.filter(subject=entrant).count() == 3


def test_consent_display_without_participation_refused():
    entrant = EntrantFactory()
    with pytest.raises(DomainError):
        services.set_own_consents(entrant=entrant, purposes={P2}, actor=entrant)


def test_consent_records_text_version_and_giver():
    entrant = EntrantFactory()
    (consent,) = services.set_own_consents(entrant=entrant, purposes={P1}, actor=entrant)
    assert consent.text_version == services.CONSENT_TEXT_VERSION
    assert consent.text_shown == services.consent_text(P1)
    assert consent.giver == ConsentGiver.ENTRANT
    assert consent.given_by == entrant


def test_consent_set_again_is_idempotent():
    entrant = EntrantFactory()
    services.set_own_consents(entrant=entrant, purposes={P1}, actor=entrant)
    services.set_own_consents(entrant=entrant, purposes={P1}, actor=entrant)
    assert Consent.objects.filter(subject=entrant).count() == 1


def test_consent_other_user_cannot_set_own_consent():
    entrant, other = EntrantFactory(), EntrantFactory()
    with pytest.raises(NotAllowed):
        services.set_own_consents(entrant=entrant, purposes={P1}, actor=other)


def test_guardian_link_tampered_is_invalid():
    entrant = EntrantFactory()
    _req, token = _link_token(entrant)
    with pytest.raises(services.ConsentLinkInvalid):
        services.resolve_guardian_link(token=token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    with pytest.raises(services.ConsentLinkInvalid):
        services.resolve_guardian_link(token="not-a-token")


def test_guardian_link_for_another_child_is_invalid():
    child_a, child_b = EntrantFactory(), EntrantFactory()
    req_a, _token = _link_token(child_a)
    forged = signing.dumps({"r": req_a.token_id, "e": child_b.pk}, salt="wrong-salt")
    with pytest.raises(services.ConsentLinkInvalid):
        services.resolve_guardian_link(token=forged)
    # Even a correctly signed payload naming child B with child A's token id is refused.
    swapped = signing.dumps({"r": req_a.token_id, "e": child_b.pk}, salt=services.GUARDIAN_LINK_SALT)
    with pytest.raises(services.ConsentLinkInvalid):
        services.resolve_guardian_link(token=swapped)


def test_guardian_link_expired_is_gone():
    entrant = EntrantFactory()
    req, token = _link_token(entrant)
    GuardianConsentRequest.objects.filter(pk=req.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(services.ConsentLinkGone):
        services.resolve_guardian_link(token=token)


def test_guardian_link_signature_older_than_max_age_is_gone():
    entrant = EntrantFactory()
    req = GuardianRequestFactory(entrant=entrant)
    fifteen_days_ago = (timezone.now() - timedelta(days=15)).timestamp()
    with patch("time.time", return_value=fifteen_days_ago):
        stale = signing.dumps({"r": req.token_id, "e": entrant.pk}, salt=services.GUARDIAN_LINK_SALT)
    with pytest.raises(services.ConsentLinkGone):
        services.resolve_guardian_link(token=stale)


def test_guardian_new_request_replaces_old_link():
    entrant = EntrantFactory()
    _first, first_token = _link_token(entrant)
    _second, second_token = _link_token(entrant)
    with pytest.raises(services.ConsentLinkGone):
        services.resolve_guardian_link(token=first_token)
    assert services.resolve_guardian_link(token=second_token).entrant == entrant


def test_guardian_email_same_as_child_refused():
    entrant = EntrantFactory()
    with pytest.raises(DomainError):
        services.request_guardian_consent(entrant=entrant, guardian_email=entrant.email, actor=entrant)


def test_coordinator_of_other_school_cannot_request_guardian_link():
    entrant = EntrantFactory()
    other = CoordinatorFactory(school=SchoolFactory())
    with pytest.raises(NotAllowed):
        services.request_guardian_consent(entrant=entrant, guardian_email="x@example.vn", actor=other)


def test_consent_complete_team_member_without_consent_blocks():
    lead = EntrantFactory(date_of_birth=_years_ago(17))
    member = EntrantFactory(date_of_birth=_years_ago(17))
    entry = EntryFactory(lead_entrant=lead)
    entry.team_members.create(user=member, state=MembershipState.ACCEPTED)
    services.set_own_consents(entrant=lead, purposes={P1}, actor=lead)
    entry.refresh_from_db()
    assert not entry.consent_complete
    services.set_own_consents(entrant=member, purposes={P1}, actor=member)
    entry.refresh_from_db()
    assert entry.consent_complete


def test_refresh_consent_complete_bulk_updates_only_changed():
    entrant = EntrantFactory(date_of_birth=_years_ago(17))
    entries = [EntryFactory(lead_entrant=entrant) for _ in range(3)]
    ConsentFactory(subject=entrant)
    assert refresh_consent_complete(user=entrant) == 3
    assert refresh_consent_complete(user=entrant) == 0
    assert Entry.objects.filter(pk__in=[e.pk for e in entries], consent_complete=True).count() == 3


# --- views --------------------------------------------------------------------------------------------


def test_my_consent_page_shows_gaps(client):
    entrant = EntrantFactory(date_of_birth=_years_ago(14))
    EntryFactory(lead_entrant=entrant, code="KMM-TST-7777")
    client.force_login(entrant)
    response = client.get(reverse("privacy:mine"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "KMM-TST-7777" in body
    assert "Còn thiếu sự đồng ý của chính" in body
    assert "Gửi thư cho phụ huynh" in body


def test_my_consent_post_saves_choice(client):
    entrant = EntrantFactory(date_of_birth=_years_ago(17))
    client.force_login(entrant)
    response = client.post(reverse("privacy:mine"), {"participation": "on", "display_work": "on"})
    assert response.status_code == 302
    assert set(Consent.objects.filter(subject=entrant).values_list("purpose", flat=True)) == {P1, P2}


def test_my_consent_post_display_without_participation_is_400(client):
    entrant = EntrantFactory()
    client.force_login(entrant)
    response = client.post(reverse("privacy:mine"), {"display_identity": "on"})
    assert response.status_code == 400
    assert "mục (1)" in response.content.decode()
    assert not Consent.objects.exists()


def test_invite_guardian_bad_email_is_400(client):
    entrant = EntrantFactory()
    client.force_login(entrant)
    response = client.post(reverse("privacy:invite_guardian"), {"guardian_email": "not-an-email"})
    assert response.status_code == 400
    assert not GuardianConsentRequest.objects.exists()


def test_guardian_page_get_and_post(client):
    entrant = EntrantFactory(date_of_birth=_years_ago(14), full_name="Lê Văn Nhỏ")
    services.set_own_consents(entrant=entrant, purposes={P1}, actor=entrant)
    entry = EntryFactory(lead_entrant=entrant)
    req, token = _link_token(entrant)
    url = reverse("privacy:guardian", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert "Lê Văn Nhỏ" in response.content.decode()
    assert "Ai được xem?" in response.content.decode()
    response = client.post(url, {"participation": "on", "display_work": "on"})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.consent_complete
    guardian = Consent.objects.get(subject=entrant, giver=ConsentGiver.GUARDIAN, purpose=P1)
    assert guardian.guardian_email == "me@example.vn"
    assert guardian.guardian_request == req


@pytest.mark.parametrize("mangle", ["tamper", "garbage"])
def test_guardian_page_bad_token_is_404(client, mangle):
    entrant = EntrantFactory()
    _req, token = _link_token(entrant)
    bad = token[:-3] + "xyz" if mangle == "tamper" else "abc"
    response = client.get(reverse("privacy:guardian", kwargs={"token": bad}))
    assert response.status_code == 404
    assert "không hợp lệ" in response.content.decode()


def test_guardian_withdraw_then_reuse_is_410(client):
    entrant = EntrantFactory()
    req, token = _link_token(entrant)
    services.record_guardian_decision(request=req, purposes={P1})
    response = client.post(reverse("privacy:guardian_withdraw", kwargs={"token": token}))
    assert response.status_code == 200
    again = client.get(reverse("privacy:guardian", kwargs={"token": token}))
    assert again.status_code == 410
    post_again = client.post(reverse("privacy:guardian", kwargs={"token": token}), {"participation": "on"})
    assert post_again.status_code == 410
    assert not Consent.objects.filter(
        subject=entrant, giver=ConsentGiver.GUARDIAN, withdrawn_at__isnull=True
    ).exists()
