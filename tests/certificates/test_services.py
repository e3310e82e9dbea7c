"""Issuing from a published result (idempotent, team members, withdrawn entries), revocation, the
transition table, and the name a pupil may print."""

import re

import pytest
from django.utils import timezone

from certificates.enums import CERTIFICATE_TRANSITIONS, CertificateKind, CertificateState
from certificates.models import Certificate, CertificateEvent
from certificates.services import (
    ResultNotPublished,
    issue_certificates,
    name_choice_error,
    reinstate_certificate,
    revoke_certificate,
    revoke_entry_certificates,
    set_printed_name,
)
from certificates.tasks import issue_certificates_for_result, queue_certificate_issue
from contest.enums import PrizeTier
from contest.errors import DomainError, InvalidTransition
from results.enums import ResultState
from submissions.enums import EntryState
from submissions.models import Entry
from tests.factories import ContestFactory, EntrantFactory, OrganiserFactory
from tests.factories.certificates import award, judged_entry, published_result

pytestmark = pytest.mark.django_db

JUDGED = [
    EntryState.ELIGIBLE,
    EntryState.IN_JUDGING,
    EntryState.ADVANCED,
    EntryState.NOT_ADVANCED,
    EntryState.AWARDED,
    EntryState.COMMENDED,
    EntryState.NOT_AWARDED,
]
NOT_JUDGED = [
    EntryState.DRAFT,
    EntryState.SUBMITTED,
    EntryState.RETURNED,
    EntryState.DISQUALIFIED,
    EntryState.WITHDRAWN,
]


@pytest.mark.parametrize("state", JUDGED)
def test_entry_that_reached_judging_gets_a_participation_certificate(state):
    contest = ContestFactory()
    entry = judged_entry(contest=contest, state=state)
    issue_certificates(result=published_result(contest=contest), actor=None)
    certificate = Certificate.objects.get(entry=entry)
    assert certificate.kind == CertificateKind.PARTICIPATION
    assert certificate.holder == entry.lead_entrant
    assert certificate.state == CertificateState.ISSUED


@pytest.mark.parametrize("state", NOT_JUDGED)
def test_entry_that_never_reached_judging_or_left_gets_none(state):
    contest = ContestFactory()
    entry = judged_entry(contest=contest, state=state)
    issue_certificates(result=published_result(contest=contest), actor=None)
    assert not Certificate.objects.filter(entry=entry).exists()


@pytest.mark.parametrize("state", [ResultState.DRAFT, ResultState.COSIGNED])
def test_nothing_is_issued_before_publication(state):
    contest = ContestFactory()
    judged_entry(contest=contest, state=EntryState.AWARDED)
    with pytest.raises(ResultNotPublished):
        issue_certificates(result=published_result(contest=contest, state=state), actor=None)
    assert not Certificate.objects.exists()


def test_award_certificate_per_prize_and_accepted_member_and_participation_for_all():
    contest = ContestFactory()
    lead, member, invited = (EntrantFactory(full_name=n) for n in ("Lê Văn Ân", "Phạm Thị Ửng", "Đỗ Mỹ Ỷ"))
    entry = judged_entry(
        contest=contest, entrant=lead, members=[member], invited=[invited], state=EntryState.AWARDED
    )
    other = judged_entry(contest=contest, state=EntryState.COMMENDED)
    result = published_result(contest=contest)
    award(result=result, entry=entry, tier=PrizeTier.SECOND)
    award(result=result, entry=other, tier=PrizeTier.COMMENDATION, position=2)
    counts = issue_certificates(result=result, actor=OrganiserFactory())
    assert counts == {"issued": 6, "revoked": 0}
    awards = Certificate.objects.filter(kind=CertificateKind.AWARD)
    assert {(c.holder_id, c.tier) for c in awards} == {
        (lead.pk, PrizeTier.SECOND),
        (member.pk, PrizeTier.SECOND),
        (other.lead_entrant_id, PrizeTier.COMMENDATION),
    }
    assert not Certificate.objects.filter(holder=invited).exists()
    assert CertificateEvent.objects.filter(to_state=CertificateState.ISSUED, from_state="").count() == 6


def test_issuing_again_keeps_every_code():
    contest = ContestFactory()
    entries = [judged_entry(contest=contest, state=EntryState.AWARDED) for _ in range(3)]
    result = published_result(contest=contest)
    for position, entry in enumerate(entries, start=1):
        award(result=result, entry=entry, position=position)
    issue_certificates(result=result, actor=None)
    first = dict(Certificate.objects.values_list("pk", "code"))
    assert issue_certificates(result=result, actor=None) == {"issued": 0, "revoked": 0}
    assert dict(Certificate.objects.values_list("pk", "code")) == first
    assert CertificateEvent.objects.count() == len(first)


def test_codes_are_long_random_and_not_derived_from_ids():
    contest = ContestFactory()
    for _ in range(5):
        judged_entry(contest=contest)
    issue_certificates(result=published_result(contest=contest), actor=None)
    rows = list(Certificate.objects.values_list("code", "pk", "entry_id", "holder_id"))
    codes = [row[0] for row in rows]
    assert len(set(codes)) == len(rows) == 5
    for code, *ids in rows:
        assert len(code) >= 32
        assert re.fullmatch(r"[A-Za-z0-9_-]+", code)
        assert not any(code.startswith(str(i)) or code.endswith(str(i)) for i in ids if len(str(i)) > 3)
    # Neighbouring rows share no prefix a guesser could walk along.
    assert len({code[:6] for code in codes}) == 5


def test_withdrawn_after_publication_is_revoked_on_the_next_issue():
    contest = ContestFactory()
    entry = judged_entry(contest=contest, state=EntryState.AWARDED)
    result = published_result(contest=contest)
    award(result=result, entry=entry)
    issue_certificates(result=result, actor=None)
    Entry.objects.filter(pk=entry.pk).update(state=EntryState.WITHDRAWN)
    assert issue_certificates(result=result, actor=None) == {"issued": 0, "revoked": 2}
    assert set(Certificate.objects.values_list("state", flat=True)) == {CertificateState.REVOKED}


def test_disqualified_after_publication_revokes_all_of_the_entry():
    contest = ContestFactory()
    entry = judged_entry(contest=contest, state=EntryState.AWARDED, members=[EntrantFactory()])
    result = published_result(contest=contest)
    award(result=result, entry=entry)
    issue_certificates(result=result, actor=None)
    organiser = OrganiserFactory()
    assert revoke_entry_certificates(entry=entry, actor=organiser, reason="Bài đạo văn.") == 4
    assert not Certificate.objects.filter(state=CertificateState.ISSUED).exists()
    certificate = Certificate.objects.first()
    assert certificate.revoked_reason == "Bài đạo văn."
    # Issuing again does not bring them back.
    issue_certificates(result=result, actor=None)
    assert not Certificate.objects.filter(state=CertificateState.ISSUED).exists()


def _one_certificate():
    contest = ContestFactory()
    entry = judged_entry(contest=contest, entrant=EntrantFactory(full_name="Nguyễn Thị Ngọc Huyền"))
    issue_certificates(result=published_result(contest=contest), actor=None)
    return Certificate.objects.get(entry=entry)


@pytest.mark.parametrize("from_state", list(CertificateState))
@pytest.mark.parametrize("to_state", list(CertificateState))
def test_transition_table(from_state, to_state):
    certificate = _one_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(
        state=from_state, revoked_at=timezone.now() if from_state == CertificateState.REVOKED else None
    )
    service = revoke_certificate if to_state == CertificateState.REVOKED else reinstate_certificate
    organiser = OrganiserFactory()
    if to_state in CERTIFICATE_TRANSITIONS[from_state]:
        moved = service(certificate=certificate, actor=organiser, reason="Quyết định của Ban tổ chức.")
        assert moved.state == to_state
        event = CertificateEvent.objects.filter(certificate=certificate).last()
        assert (event.from_state, event.to_state, event.actor) == (from_state, to_state, organiser)
    else:
        with pytest.raises(InvalidTransition):
            service(certificate=certificate, actor=organiser, reason="Quyết định của Ban tổ chức.")


def test_revoking_needs_a_reason():
    certificate = _one_certificate()
    with pytest.raises(DomainError):
        revoke_certificate(certificate=certificate, actor=OrganiserFactory(), reason="  ")
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.ISSUED


@pytest.mark.parametrize(
    ("printed", "ok"),
    [
        ("", True),
        ("Nguyễn Thị Ngọc Huyền", True),
        ("Nguyễn Ngọc Huyền", True),
        ("Ngọc Huyền", True),
        ("Huyền", True),
        ("NGUYỄN THỊ NGỌC HUYỀN", True),
        ("Nguyen Thi Ngoc Huyen", True),
        ("Huyền Nguyễn", False),
        ("Nguyễn Thị Ngọc", False),
        ("Trần Thị Ngọc Huyền", False),
        ("Siêu nhân Huyền", False),
    ],
)
def test_printed_name_must_be_a_form_of_the_own_name(printed, ok):
    assert (name_choice_error(full_name="Nguyễn Thị Ngọc Huyền", printed_name=printed) is None) == ok


def test_set_printed_name_saves_and_audits_and_blank_means_full_name():
    certificate = _one_certificate()
    pupil = certificate.holder
    set_printed_name(certificate=certificate, actor=pupil, printed_name="  Ngọc   Huyền ")
    certificate.refresh_from_db()
    assert certificate.printed_name == "Ngọc Huyền"
    assert certificate.name_on_paper == "Ngọc Huyền"
    set_printed_name(certificate=certificate, actor=pupil, printed_name="")
    certificate.refresh_from_db()
    assert certificate.name_on_paper == "Nguyễn Thị Ngọc Huyền"
    with pytest.raises(DomainError):
        set_printed_name(certificate=certificate, actor=pupil, printed_name="Người khác")


def test_task_issues_after_the_publishing_transaction(immediate_tasks, django_capture_on_commit_callbacks):
    contest = ContestFactory()
    judged_entry(contest=contest)
    result = published_result(contest=contest)
    with django_capture_on_commit_callbacks(execute=True):
        queue_certificate_issue(result=result, actor=OrganiserFactory())
    assert Certificate.objects.count() == 1
    assert issue_certificates_for_result.call(result_id=result.pk) == {"issued": 0, "revoked": 0}


def test_publishing_the_results_issues_the_certificates_after_commit(
    immediate_tasks, django_capture_on_commit_callbacks
):
    from results.services.prizes import transition_result

    result = published_result(state=ResultState.COSIGNED)
    winner = judged_entry(contest=result.contest, state=EntryState.AWARDED)
    award(result=result, entry=winner)
    other = judged_entry(contest=result.contest)

    with django_capture_on_commit_callbacks(execute=True):
        transition_result(result=result, to_state=ResultState.PUBLISHED, actor=OrganiserFactory())

    kinds = sorted(Certificate.objects.values_list("entry_id", "kind"))
    assert kinds == sorted(
        [
            (winner.pk, CertificateKind.AWARD),
            (winner.pk, CertificateKind.PARTICIPATION),
            (other.pk, CertificateKind.PARTICIPATION),
        ]
    )
