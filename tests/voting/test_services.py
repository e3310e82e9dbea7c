"""The vote's rules, enforced in the service: the window, the account's maximum, one vote per work (also
in PostgreSQL), verified e-mail only, new accounts throttled, consent, the address and device limits (the
"1,000 votes from one address" case), bursts flagged, voids and restores audited, totals and the prize."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from privacy.models import Consent
from results.models import PublicEntry
from results.selectors.gallery import gallery_entries
from tests.factories import OrganiserFactory
from tests.factories.voting import voters, voting_contest
from voting.enums import BurstKind, VoteState, VotingAction
from voting.errors import DuplicateVote, NotVotable, VoteLimited, VoteRefused
from voting.models import PeoplesChoiceAward, Vote, VotingEvent
from voting.selectors import counted_totals, ranking, report_counts, vote_boxes
from voting.services.fraud import detect_bursts, restore_votes, void_votes
from voting.services.prize import allocate_peoples_choice
from voting.services.votes import cast_vote, withdraw_vote
from voting.traces import ip_hash

pytestmark = pytest.mark.django_db


def vote(user, public, *, ip="203.0.113.7", device=None, now=None):
    return cast_vote(
        voter=user,
        entry_key=public.key,
        ip=ip,
        device_id=device or f"thiet-bi-{user.pk}",
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36",
        now=now,
    )


def test_a_vote_counts_and_keeps_no_address():
    settings, (work, _other) = voting_contest()
    (pupil,) = voters(1)
    cast = vote(pupil, work, ip="203.0.113.7")
    assert cast.state == VoteState.COUNTED
    assert cast.contest_id == settings.contest_id
    assert "203.0.113" not in cast.ip_hash
    assert cast.ip_hash == ip_hash("203.0.113.7")
    assert cast.ua_family == "Chrome"
    assert counted_totals(entry_ids=[work.entry_id]) == {work.entry_id: 1}


def test_ipv6_addresses_of_one_home_share_a_hash():
    assert ip_hash("2001:db8:1:2::10") == ip_hash("2001:db8:1:2:aaaa::1")
    assert ip_hash("2001:db8:1:3::10") != ip_hash("2001:db8:1:2::10")


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_window_is_refused(when):
    now = timezone.now()
    window = (
        {"opens_at": now + timedelta(hours=1), "closes_at": now + timedelta(days=1)}
        if when == "before"
        else {"opens_at": now - timedelta(days=2), "closes_at": now - timedelta(minutes=1)}
    )
    _settings, (work, _o) = voting_contest(**window)
    (pupil,) = voters(1)
    with pytest.raises(VoteRefused) as refused:
        vote(pupil, work)
    assert refused.value.status_code == 403
    assert not Vote.objects.exists()


def test_over_the_accounts_maximum_is_refused_and_withdrawing_frees_a_vote():
    _settings, works = voting_contest(works=3, max_votes_per_account=2)
    (pupil,) = voters(1)
    vote(pupil, works[0])
    vote(pupil, works[1])
    with pytest.raises(VoteRefused, match="hết 2 phiếu"):
        vote(pupil, works[2])
    withdraw_vote(voter=pupil, entry_key=works[0].key)
    vote(pupil, works[2])
    assert set(Vote.objects.values_list("entry_id", flat=True)) == {works[1].entry_id, works[2].entry_id}


def test_a_second_vote_for_the_same_work_is_refused_and_the_database_forbids_it():
    _settings, (work, _o) = voting_contest()
    (pupil,) = voters(1)
    first = vote(pupil, work)
    with pytest.raises(DuplicateVote):
        vote(pupil, work)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(contest_id=first.contest_id, entry_id=first.entry_id, voter=pupil)
    assert Vote.objects.count() == 1


def test_an_account_without_a_verified_email_cannot_vote():
    _settings, (work, _o) = voting_contest()
    (pending,) = voters(1, active=False)  # signed up, activation link never opened
    with pytest.raises(VoteRefused, match="xác nhận e-mail"):
        vote(pending, work)


def test_new_accounts_are_throttled():
    _settings, works = voting_contest(works=3, min_account_age_hours=24, new_account_votes=1)
    (fresh,) = voters(1, joined=timezone.now() - timedelta(hours=2))
    vote(fresh, works[0])
    with pytest.raises(VoteLimited) as limited:
        vote(fresh, works[1])
    assert limited.value.status_code == 429
    (older,) = voters(1, joined=timezone.now() - timedelta(hours=30))
    vote(older, works[0])
    vote(older, works[1])


def test_new_accounts_cannot_vote_at_all_by_default():
    _settings, (work, _o) = voting_contest()
    (fresh,) = voters(1, joined=timezone.now() - timedelta(minutes=5))
    with pytest.raises(VoteLimited, match="Tài khoản mới"):
        vote(fresh, work)


def test_a_work_whose_consent_was_withdrawn_cannot_be_voted_for_and_its_votes_stop_counting():
    settings, (work, other) = voting_contest()
    pupils = voters(3)
    for pupil in pupils[:2]:
        vote(pupil, work)
    vote(pupils[0], other)
    Consent.objects.filter(subject=work.entry.lead_entrant, purpose="display_work").update(
        withdrawn_at=timezone.now()
    )
    with pytest.raises(NotVotable):
        vote(pupils[2], work)
    ranked = ranking(contest=settings.contest)
    assert [row.code for row in ranked] == [other.entry.code]
    cards = gallery_entries(contest=settings.contest)
    assert [card.key for card in cards] == [other.key]
    assert vote_boxes(cards=cards, user=None)[other.key].total == 1
    # Kept on record, out of the result.
    assert Vote.objects.filter(entry_id=work.entry_id, state=VoteState.COUNTED).count() == 2


def test_a_work_taken_down_keeps_its_votes_hidden_until_it_returns():
    settings, (work, _other) = voting_contest()
    (pupil,) = voters(1)
    vote(pupil, work)
    PublicEntry.objects.filter(pk=work.pk).delete()  # what results.public_files.remove_public_files does
    assert Vote.objects.filter(entry_id=work.entry_id).count() == 1
    assert work.entry.code not in [row.code for row in ranking(contest=settings.contest)]
    with pytest.raises(NotVotable):
        withdraw_vote(voter=pupil, entry_key=work.key)


def test_a_thousand_votes_from_one_address_are_limited_and_the_accepted_ones_flagged():
    settings, (work, _other) = voting_contest(ip_limit=25, ip_limit_hour=20, burst_votes=10, burst_minutes=60)
    accounts = voters(1000)
    accepted, refused, statuses = [], 0, set()
    start = timezone.now()
    for n, account in enumerate(accounts):
        try:
            accepted.append(vote(account, work, ip="198.51.100.23", now=start + timedelta(seconds=n)))
        except VoteLimited as error:
            statuses.add(error.status_code)
            refused += 1
    assert statuses == {429}
    assert len(accepted) == 20
    assert refused == 980
    bursts = detect_bursts(contest=settings.contest, kind=BurstKind.ADDRESS)
    assert len(bursts) == 1
    assert sorted(bursts[0].vote_ids) == sorted(v.pk for v in accepted)
    assert bursts[0].accounts == 20
    assert dict(bursts[0].domains) == {"gmail.example": 10, "hoc-sinh.example": 10}


def test_the_per_device_limit_holds_across_accounts():
    settings, works = voting_contest(works=3, device_limit=6, device_limit_hour=2)
    accounts = voters(3)
    vote(accounts[0], works[0], device="mot-dien-thoai")
    vote(accounts[1], works[0], device="mot-dien-thoai")
    with pytest.raises(VoteLimited, match="Thiết bị"):
        vote(accounts[2], works[0], device="mot-dien-thoai")
    assert Vote.objects.filter(contest=settings.contest).count() == 2


def test_accounts_created_minutes_apart_voting_for_one_work_are_flagged():
    settings, (work, other) = voting_contest()
    chained = voters(4, joined=timezone.now() - timedelta(days=3), apart=timedelta(minutes=2))
    loners = voters(2, joined=timezone.now() - timedelta(days=9), apart=timedelta(days=2))
    for n, account in enumerate(chained):
        vote(account, work, ip=f"192.0.2.{n + 1}")
    for n, account in enumerate(loners):
        vote(account, other, ip=f"192.0.2.{n + 50}")
    (burst,) = detect_bursts(contest=settings.contest, kind=BurstKind.ACCOUNTS)
    assert burst.source == work.entry.code
    assert {v.voter_id for v in burst.votes} == {a.pk for a in chained}


def test_votes_right_after_an_account_was_made_are_flagged():
    settings, (work, _other) = voting_contest(min_account_age_hours=0, fresh_account_minutes=30)
    (fresh,) = voters(1, joined=timezone.now() - timedelta(minutes=3))
    (old,) = voters(1)
    vote(fresh, work)
    vote(old, work, ip="192.0.2.99")
    (burst,) = detect_bursts(contest=settings.contest, kind=BurstKind.FRESH)
    assert [v.voter_id for v in burst.votes] == [fresh.pk]


def test_voiding_and_restoring_are_audited_and_totals_follow():
    settings, (work, _other) = voting_contest(burst_votes=3)
    organiser = OrganiserFactory()
    accounts = voters(5)
    cast = [vote(a, work, ip="198.51.100.5") for a in accounts]
    (burst,) = detect_bursts(contest=settings.contest, kind=BurstKind.ADDRESS)
    assert (
        void_votes(
            contest=settings.contest, vote_ids=burst.vote_ids, actor=organiser, reason="Cùng một mạng, 5 phút"
        )
        == 5
    )
    assert counted_totals(entry_ids=[work.entry_id]) == {}
    voided = Vote.objects.get(pk=cast[0].pk)
    assert voided.state == VoteState.VOIDED
    assert voided.voided_by == organiser
    assert voided.void_reason
    assert Vote.objects.count() == 5  # voided, not deleted
    # The burst is still listed, now voided, so the decision can be undone.
    (again,) = detect_bursts(contest=settings.contest, kind=BurstKind.ADDRESS)
    assert again.voided == 5
    restore_votes(
        contest=settings.contest,
        vote_ids=[cast[0].pk, cast[1].pk],
        actor=organiser,
        reason="Lớp học chung mạng",
    )
    assert counted_totals(entry_ids=[work.entry_id]) == {work.entry_id: 2}
    events = list(VotingEvent.objects.filter(contest=settings.contest).order_by("pk"))
    assert [e.action for e in events] == [VotingAction.VOIDED, VotingAction.RESTORED]
    assert events[0].actor == organiser
    assert sorted(events[0].data["votes"]) == sorted(v.pk for v in cast)
    assert events[1].reason == "Lớp học chung mạng"
    assert report_counts(campaign=settings.contest.campaign) == [
        {"contest": settings.contest.title, "cast": 5, "voided": 3}
    ]


def test_voids_need_an_organiser_a_reason_and_votes_of_the_contest():
    settings, (work, _other) = voting_contest()
    __other_settings, (elsewhere, _x) = voting_contest()
    organiser = OrganiserFactory()
    (a, b) = voters(2)
    mine, theirs = vote(a, work), vote(b, elsewhere)
    from contest.errors import DomainError, NotAllowed

    with pytest.raises(NotAllowed):
        void_votes(contest=settings.contest, vote_ids=[mine.pk], actor=a, reason="x-ý")
    with pytest.raises(DomainError):
        void_votes(contest=settings.contest, vote_ids=[mine.pk], actor=organiser, reason="  ")
    with pytest.raises(DomainError):
        void_votes(contest=settings.contest, vote_ids=[mine.pk, theirs.pk], actor=organiser, reason="Lý do")
    assert not Vote.objects.filter(state=VoteState.VOIDED).exists()
    assert not VotingEvent.objects.exists()


def _closed(settings):
    settings.closes_at = timezone.now() - timedelta(minutes=1)
    settings.save()


def test_the_prize_goes_to_the_most_votes_after_the_window_closes():
    settings, works = voting_contest(works=3, max_votes_per_account=3)
    organiser = OrganiserFactory()
    accounts = voters(3)
    for n, account in enumerate(accounts):
        vote(account, works[0], ip=f"192.0.2.{n}")
    vote(accounts[0], works[1], ip="192.0.2.40")
    from contest.errors import InvalidTransition

    with pytest.raises(InvalidTransition):
        allocate_peoples_choice(contest=settings.contest, actor=organiser)
    _closed(settings)
    award = allocate_peoples_choice(contest=settings.contest, actor=organiser)
    assert award.entry_id == works[0].entry_id
    assert award.votes == 3
    assert not award.tied
    event = VotingEvent.objects.get(action=VotingAction.PRIZE_ALLOCATED)
    assert event.data["entry"] == works[0].entry.code
    assert event.actor == organiser


def test_a_tie_at_the_top_is_shown_and_decided_by_the_organiser_with_a_reason():
    settings, works = voting_contest(works=3)
    organiser = OrganiserFactory()
    accounts = voters(2)
    for n, account in enumerate(accounts):
        vote(account, works[0], ip=f"192.0.2.{n}")
        vote(account, works[1], ip=f"192.0.2.{n + 10}")
    _closed(settings)
    ranked = ranking(contest=settings.contest)
    assert [(row.rank, row.votes) for row in ranked] == [(1, 2), (1, 2), (3, 0)]
    from contest.errors import DomainError

    with pytest.raises(DomainError, match="cùng nhiều phiếu nhất"):
        allocate_peoples_choice(contest=settings.contest, actor=organiser)
    with pytest.raises(DomainError, match="lý do"):
        allocate_peoples_choice(contest=settings.contest, actor=organiser, entry_code=works[1].entry.code)
    award = allocate_peoples_choice(
        contest=settings.contest,
        actor=organiser,
        entry_code=works[1].entry.code,
        reason="Biên bản họp ban tổ chức",
    )
    assert award.tied
    assert award.entry_id == works[1].entry_id
    assert sorted(award.tie_codes) == sorted([works[0].entry.code, works[1].entry.code])
    event = VotingEvent.objects.get(action=VotingAction.TIE_DECIDED)
    assert event.reason == "Biên bản họp ban tổ chức"
    assert sorted(event.data["tie"]) == sorted(award.tie_codes)
    assert PeoplesChoiceAward.objects.count() == 1
