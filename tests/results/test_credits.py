"""Consent decides every credit: a table over every combination of consents (the pupil's own and the
guardian's, for each of the three purposes) at 14 and at 17. For each, the public page, the gallery, the
share card and the page source show exactly what the consents allow — and a work without consent to show
it is nowhere."""

import itertools
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.enums import ConsentGiver, ConsentMethod, ConsentPurpose
from privacy.models import Consent
from results.credits import CreditLevel, entry_credit, first_name_and_initial
from results.selectors.gallery import gallery_entries, public_entry
from results.share import share_card
from submissions.enums import MembershipState
from submissions.models import TeamMember
from tests.factories import EntrantFactory, SchoolFactory
from tests.factories.gallery import public_work
from tests.factories.privacy import ConsentFactory, give_full_consent

pytestmark = pytest.mark.django_db

FULL_NAME = "Trần Thị Hạnh"
SCHOOL = "THCS Nguyễn Du"
PURPOSES = list(ConsentPurpose)
# Every subset of the three purposes, for the pupil and for the guardian: 8 × 8 combinations.
SUBSETS = [frozenset(c) for n in range(4) for c in itertools.combinations(PURPOSES, n)]
CASES = [(own, guardian, age) for own in SUBSETS for guardian in SUBSETS for age in (14, 17)]


def case_id(case):
    own, guardian, age = case
    short = {"participation": "P", "display_work": "W", "display_identity": "I"}
    return f"own-{''.join(sorted(short[p] for p in own)) or '0'}_guardian-{''.join(sorted(short[p] for p in guardian)) or '0'}_{age}"


def expected(own, guardian, age):
    """The rule, written out on its own: under 16, a purpose needs both consents; from 16, the pupil's."""

    def given(purpose):
        return purpose in own and (age >= 16 or purpose in guardian)

    if not (given(ConsentPurpose.PARTICIPATION) and given(ConsentPurpose.DISPLAY_WORK)):
        return None
    if given(ConsentPurpose.DISPLAY_IDENTITY):
        return f"{FULL_NAME} – {SCHOOL}"
    return "Hạnh T."


def born(age: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - age, month=1, day=1)


def set_consents(user, own, guardian):
    Consent.objects.filter(subject=user).delete()
    for purpose in own:
        ConsentFactory(subject=user, purpose=purpose, giver=ConsentGiver.ENTRANT)
    for purpose in guardian:
        ConsentFactory(
            subject=user, purpose=purpose, giver=ConsentGiver.GUARDIAN, method=ConsentMethod.GUARDIAN_LINK
        )


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_every_consent_combination_shows_exactly_what_it_allows(case, client):
    own, guardian, age = case
    entrant = EntrantFactory(full_name=FULL_NAME, school=SchoolFactory(name=SCHOOL), date_of_birth=born(age))
    public = public_work(entrant=entrant, title="Bàn tay ấm")
    assert public is not None
    set_consents(entrant, own, guardian)
    want = expected(own, guardian, age)

    page = client.get(reverse("gallery:entry", args=[public.key]))
    gallery = client.get(reverse("gallery:list")).content.decode()
    image = client.get(reverse("gallery:share_image", args=[public.key]))
    cards = gallery_entries()
    if want is None:
        assert page.status_code == 404
        assert image.status_code == 404
        assert public.key not in gallery
        assert public_entry(code=public.key) is None
        assert cards == []
        assert FULL_NAME not in gallery
        assert "Hạnh" not in gallery
        return
    source = page.content.decode()
    assert page.status_code == 200
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert want in source
    assert want in gallery
    assert [card.credit.text for card in cards] == [want]
    card = share_card(public_entry(code=public.key))
    assert card.credit == want
    if want.startswith("Hạnh"):
        for page_source in (source, gallery, " ".join(card.lines)):
            assert FULL_NAME not in page_source
            assert "Nguyễn Du" not in page_source
            assert "Trần" not in page_source


def test_publishing_refuses_a_work_without_consent_to_show_it():
    entrant = EntrantFactory(full_name=FULL_NAME)
    assert public_work(entrant=entrant, consent=(ConsentPurpose.PARTICIPATION,)) is None


def team_entry(lead_consents, member_consents, member_state=MembershipState.ACCEPTED):
    lead = EntrantFactory(
        full_name="Trần Thị Hạnh", school=SchoolFactory(name=SCHOOL), date_of_birth=born(17)
    )
    public = public_work(entrant=lead)
    member = EntrantFactory(full_name="Lê Minh Quân", school=lead.school, date_of_birth=born(14))
    TeamMember.objects.create(entry=public.entry, user=member, state=member_state)
    set_consents(lead, lead_consents, ())
    give_full_consent(member, purposes=member_consents)
    return public


def test_team_is_named_only_when_every_member_consented():
    public = team_entry(PURPOSES, PURPOSES)
    credit = entry_credit(entry=public.entry)
    assert credit.level == CreditLevel.FULL
    assert credit.text == f"Trần Thị Hạnh, Lê Minh Quân – {SCHOOL}"


def test_team_member_without_identity_consent_keeps_everyone_to_initials():
    public = team_entry(PURPOSES, (ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK))
    credit = entry_credit(entry=public.entry)
    assert credit.text == "Hạnh T., Quân L."
    assert public_entry(code=public.key).card.credit.text == "Hạnh T., Quân L."


def test_team_member_without_display_consent_keeps_the_work_off_every_page(client):
    public = team_entry(PURPOSES, (ConsentPurpose.PARTICIPATION,))
    assert not entry_credit(entry=public.entry).work_public
    assert client.get(reverse("gallery:entry", args=[public.key])).status_code == 404
    assert gallery_entries() == []


def test_invited_member_who_never_accepted_does_not_count():
    public = team_entry(PURPOSES, (), member_state=MembershipState.INVITED)
    assert entry_credit(entry=public.entry).text == f"Trần Thị Hạnh – {SCHOOL}"


def test_unconfirmed_school_is_never_printed():
    entrant = EntrantFactory(full_name=FULL_NAME, school=SchoolFactory(name=SCHOOL), school_status="claimed")
    public = public_work(entrant=entrant)
    assert entry_credit(entry=public.entry).text == FULL_NAME


def test_pupil_with_no_name_on_record_is_credited_by_school_or_code():
    entrant = EntrantFactory(full_name="", school=SchoolFactory(name=SCHOOL), date_of_birth=born(17))
    public = public_work(entrant=entrant)
    assert entry_credit(entry=public.entry).text == f"Thí sinh trường {SCHOOL}"
    set_consents(entrant, (ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK), ())
    assert entry_credit(entry=public.entry).text == f"Bài dự thi {public.entry.code}"


@pytest.mark.parametrize(
    ("name", "short"),
    [("Trần Thị Hạnh", "Hạnh T."), ("Đỗ Minh", "Minh Đ."), ("Ê-đê", "Ê-đê"), ("  ", ""), ("Ánh", "Ánh")],
)
def test_first_name_and_initial(name, short):
    assert first_name_and_initial(name) == short


def test_guardian_consent_the_school_must_confirm_counts_only_once_confirmed():
    from privacy.models import PrivacySettings

    settings_row = PrivacySettings.load()
    settings_row.require_school_confirmation_under_16 = True
    settings_row.save()
    entrant = EntrantFactory(full_name=FULL_NAME, date_of_birth=born(14))
    public = public_work(entrant=entrant)
    assert public is None  # guardian consent given by link, not confirmed by the school
