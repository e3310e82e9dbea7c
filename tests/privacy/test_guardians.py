"""Guardians: how they were reached, what looks wrong about them, the school's confirmation, the words
of the guardian page and e-mail, and withdrawn entries never counting as ready to judge (issue 10)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from contest.errors import DomainError, NotAllowed
from privacy.enums import ConsentGiver, ConsentPurpose, GuardianContact
from privacy.models import Consent, PrivacySettings
from privacy.selectors import guardian_flags
from privacy.services import consent as services
from submissions.enums import EntryState
from submissions.models import Entry
from submissions.selectors.consent import entry_consent_gaps
from submissions.services.lifecycle import transition_entry
from tests.factories import CoordinatorFactory, EntrantFactory, EntryFactory, SchoolFactory

pytestmark = pytest.mark.django_db

P1 = ConsentPurpose.PARTICIPATION


def _guardian_consents(child, email="me@example.vn", purposes=(P1,)):
    request = services.request_guardian_consent(entrant=child, guardian_email=email, actor=child)
    services.record_guardian_decision(request=request, purposes=set(purposes))
    return request


def _fully_consented_entry(child, **entry):
    services.set_own_consents(entrant=child, purposes={P1}, actor=child)
    entry = EntryFactory(lead_entrant=child, state=EntryState.SUBMITTED, submitted_at=timezone.now(), **entry)
    _guardian_consents(child)
    entry.refresh_from_db()
    assert entry.consent_complete
    return entry


# --- how the guardian was reached --------------------------------------------------------------------


def test_guardian_link_consent_records_email_link():
    child = EntrantFactory()
    _guardian_consents(child)
    consent = Consent.objects.get(subject=child, giver=ConsentGiver.GUARDIAN)
    assert consent.guardian_reached_by == GuardianContact.EMAIL_LINK


# --- flags for the coordinator --------------------------------------------------------------------------


def test_flag_guardian_address_is_a_pupils_account():
    """Finding 5: the 'guardian' is the child's own second account, or a friend's."""
    child = EntrantFactory(email="be.an@gmail.com")
    friend = EntrantFactory(email="ban.cua.an@gmail.com")
    _guardian_consents(child, email=friend.email)
    codes = [f.code for f in guardian_flags(pupils=[child])[child.pk]]
    assert codes == ["pupil_account"]


def test_flag_one_address_guarding_unrelated_children():
    first = EntrantFactory(full_name="Nguyễn Văn An")
    second = EntrantFactory(full_name="Trần Thị Bình")
    _guardian_consents(first, email="chung@gmail.com")
    _guardian_consents(second, email="chung@gmail.com")
    assert [f.code for f in guardian_flags(pupils=[first])[first.pk]] == ["many_children"]


def test_siblings_sharing_a_parent_address_are_not_flagged():
    elder = EntrantFactory(full_name="Lê Minh Khoa")
    younger = EntrantFactory(full_name="Lê Minh Khang")
    _guardian_consents(elder, email="bo.le@gmail.com")
    _guardian_consents(younger, email="bo.le@gmail.com")
    assert guardian_flags(pupils=[elder, younger]) == {elder.pk: [], younger.pk: []}


def test_flag_guardian_address_on_the_childs_own_domain():
    child = EntrantFactory(email="hs.an@thcs-leloi.edu.vn")
    _guardian_consents(child, email="me.cua.an@thcs-leloi.edu.vn")
    assert [f.code for f in guardian_flags(pupils=[child])[child.pk]] == ["child_domain"]


def test_common_mail_provider_is_not_the_childs_domain():
    child = EntrantFactory(email="an2011@gmail.com")
    _guardian_consents(child, email="me.an@gmail.com")
    assert guardian_flags(pupils=[child])[child.pk] == []


def test_flags_shown_on_coordinator_pupil_page(client):
    school = SchoolFactory()
    child = EntrantFactory(school=school, email="hs.an@thcs-leloi.edu.vn")
    _guardian_consents(child, email="me.an@thcs-leloi.edu.vn")
    client.force_login(CoordinatorFactory(school=school))
    body = client.get(reverse("consent:coordinator_pupil", kwargs={"pk": child.pk})).content.decode()
    assert 'data-flag="child_domain"' in body
    assert reverse("privacy:confirm_guardian", kwargs={"pk": child.pk}) in body


# --- the school's confirmation --------------------------------------------------------------------------


def test_coordinator_confirms_guardian_consent_by_phone(client):
    school = SchoolFactory()
    child = EntrantFactory(school=school)
    _guardian_consents(child)
    coordinator = CoordinatorFactory(school=school)
    client.force_login(coordinator)
    page = reverse("consent:coordinator_pupil", kwargs={"pk": child.pk})
    response = client.post(
        reverse("privacy:confirm_guardian", kwargs={"pk": child.pk}), {"how": "phone_call", "next": page}
    )
    assert response.status_code == 302
    assert response["Location"] == page
    consent = Consent.objects.get(subject=child, giver=ConsentGiver.GUARDIAN)
    assert consent.school_confirmed_how == GuardianContact.PHONE_CALL
    assert consent.school_confirmed_by == coordinator
    assert consent.school_confirmed_at is not None


def test_confirm_view_ignores_external_next(client):
    school = SchoolFactory()
    child = EntrantFactory(school=school)
    _guardian_consents(child)
    client.force_login(CoordinatorFactory(school=school))
    response = client.post(
        reverse("privacy:confirm_guardian", kwargs={"pk": child.pk}),
        {"how": "paper_form", "next": "https://evil.example/phish"},
    )
    assert response["Location"] == "/"


def test_other_schools_coordinator_cannot_confirm(client):
    child = EntrantFactory()
    _guardian_consents(child)
    with pytest.raises(NotAllowed):
        services.confirm_guardian_consent(pupil=child, coordinator=CoordinatorFactory(), how="phone_call")
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("privacy:confirm_guardian", kwargs={"pk": child.pk}), {"how": "phone_call"}
    )
    assert response.status_code == 403
    assert not Consent.objects.filter(school_confirmed_at__isnull=False).exists()


def test_confirm_without_guardian_consent_is_refused():
    school = SchoolFactory()
    child = EntrantFactory(school=school)
    with pytest.raises(DomainError):
        services.confirm_guardian_consent(
            pupil=child, coordinator=CoordinatorFactory(school=school), how="phone_call"
        )


def test_confirm_refuses_email_as_confirmation():
    school = SchoolFactory()
    child = EntrantFactory(school=school)
    _guardian_consents(child)
    with pytest.raises(DomainError):
        services.confirm_guardian_consent(
            pupil=child, coordinator=CoordinatorFactory(school=school), how="email_link"
        )


def test_setting_requires_school_confirmation_for_under_sixteen_before_judging():
    settings_row = PrivacySettings.load()
    settings_row.require_school_confirmation_under_16 = True
    settings_row.save()
    school = SchoolFactory()
    child = EntrantFactory(school=school)  # 14 years old
    services.set_own_consents(entrant=child, purposes={P1}, actor=child)
    entry = EntryFactory(lead_entrant=child, state=EntryState.SUBMITTED, submitted_at=timezone.now())
    _guardian_consents(child)
    entry.refresh_from_db()
    assert not entry.consent_complete
    assert [gap.who for gap in entry_consent_gaps(entry=entry)] == ["school"]
    services.confirm_guardian_consent(
        pupil=child, coordinator=CoordinatorFactory(school=school), how="phone_call"
    )
    entry.refresh_from_db()
    assert entry.consent_complete


def test_setting_off_guardian_email_consent_is_enough():
    child = EntrantFactory()
    entry = _fully_consented_entry(child)
    assert entry_consent_gaps(entry=entry) == []


# --- withdrawn entries never count --------------------------------------------------------------------


def test_withdrawn_entry_is_not_consent_complete():
    child = EntrantFactory()
    entry = _fully_consented_entry(child)
    transition_entry(entry=entry, to_state=EntryState.WITHDRAWN, actor=child)
    entry.refresh_from_db()
    assert not entry.consent_complete
    assert entry_consent_gaps(entry=entry)
    services.set_own_consents(entrant=child, purposes={P1}, actor=child)  # any later refresh keeps it so
    entry.refresh_from_db()
    assert not entry.consent_complete


def test_withdrawn_entry_not_ready_on_consent_page(client):
    child = EntrantFactory()
    live = _fully_consented_entry(child, code="KMM-LIVE-0001")
    gone = EntryFactory(lead_entrant=child, code="KMM-GONE-0001", state=EntryState.WITHDRAWN)
    client.force_login(child)
    body = client.get(reverse("privacy:mine")).content.decode()
    assert f'data-entry="{live.code}"' in body
    assert gone.code not in body


def test_withdrawn_entry_not_on_guardian_page(client):
    child = EntrantFactory()
    EntryFactory(lead_entrant=child, state=EntryState.WITHDRAWN, contest__title="Cuộc thi Đã Rút")
    request = services.request_guardian_consent(entrant=child, guardian_email="me@example.vn", actor=child)
    body = client.get(
        reverse("privacy:guardian", kwargs={"token": services.guardian_link_token(request)})
    ).content.decode()
    assert "Cuộc thi Đã Rút" not in body


def test_withdrawn_entry_export_says_not_consented(client):
    school = SchoolFactory()
    child = EntrantFactory(school=school)
    entry = _fully_consented_entry(child)
    transition_entry(entry=entry, to_state=EntryState.WITHDRAWN, actor=child)
    client.force_login(CoordinatorFactory(school=school))
    body = client.get(
        reverse("consent:coordinator_export", kwargs={"kind": "bai-du-thi", "fmt": "csv"})
    ).content.decode("utf-8-sig")
    row = next(line for line in body.splitlines() if entry.code in line)
    assert row.endswith("Chưa")


def test_withdrawn_gap_message_says_withdrawn():
    child = EntrantFactory()
    entry = EntryFactory(lead_entrant=child, state=EntryState.WITHDRAWN)
    assert "rút" in entry_consent_gaps(entry=entry)[0].message


# --- words on the guardian page and e-mail --------------------------------------------------------------


def test_guardian_page_boxes_speak_of_con_not_em(client):
    child = EntrantFactory(full_name="Đặng Thu Hà")
    request = services.request_guardian_consent(entrant=child, guardian_email="me@example.vn", actor=child)
    body = client.get(
        reverse("privacy:guardian", kwargs={"token": services.guardian_link_token(request)})
    ).content.decode()
    form = body[body.index('id="guardian-form"') :]
    form = form[: form.index("</form>")]
    assert "cho con tham gia" in form
    assert "ảnh của con" in form
    assert not re.search(r"\bem\b", form)


def test_guardian_consent_stores_the_words_the_parent_saw():
    child = EntrantFactory()
    _guardian_consents(child)
    consent = Consent.objects.get(subject=child, giver=ConsentGiver.GUARDIAN)
    assert consent.text_shown == services.consent_text(P1, audience="guardian")
    assert "cho con tham gia" in consent.text_shown


def test_guardian_email_states_expiry_and_later_withdrawal_truthfully(django_capture_on_commit_callbacks):
    child = EntrantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_guardian_consent(
            entrant=child, guardian_email="me@example.vn", actor=child
        )
    body = mail.outbox[-1].body
    until = formats.date_format(timezone.localtime(request.expires_at), "d/m/Y")
    assert until in body
    assert "cũng dùng để rút lại sự đồng ý sau này" not in body
    assert "Sau ngày đó" in body
    assert request.expires_at - timezone.now() <= timedelta(days=services.GUARDIAN_LINK_DAYS)


def test_entry_consent_complete_recomputed_through_registry():
    """privacy knows no entries: the listener submissions registered keeps the flag in step."""
    child = EntrantFactory()
    entry = _fully_consented_entry(child)
    request = services.request_guardian_consent(entrant=child, guardian_email="khac@example.vn", actor=child)
    services.withdraw_guardian_consent(request=request)
    assert not Entry.objects.get(pk=entry.pk).consent_complete


def test_guardian_flags_query_count_does_not_grow_with_pupils(django_assert_max_num_queries):
    pupils = [EntrantFactory(full_name=f"Phan Văn {i}") for i in range(6)]
    for pupil in pupils:
        _guardian_consents(pupil, email=f"me.{pupil.pk}@gmail.com")
    with django_assert_max_num_queries(5):
        flags = guardian_flags(pupils=pupils)
    assert set(flags) == {p.pk for p in pupils}
