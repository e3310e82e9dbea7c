import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contest.errors import DomainError, InvalidTransition, NotAllowed
from submissions.enums import ENTRY_TRANSITIONS, EntryState
from submissions.models import Entry, EntryEvent, EntrySequence
from submissions.services.entries import (
    ContestClosed,
    create_entry,
    set_team_members,
    submit_entry,
    update_entry,
    withdraw_entry,
)
from submissions.services.lifecycle import transition_entry
from tests.factories import (
    CampaignFactory,
    ContestFactory,
    CoordinatorFactory,
    DivisionFactory,
    EntrantFactory,
    OrganiserFactory,
)
from tests.factories.entries import (
    add_file,
    comic_contest,
    draft_entry,
    essay_contest,
    png_bytes,
    video_contest,
)

pytestmark = pytest.mark.django_db


def test_create_entry_allocates_codes_in_sequence():
    contest = video_contest(code="VID")
    first = draft_entry(contest=contest)
    second = draft_entry(contest=contest)
    assert first.code == "KMM-VID-0001"
    assert second.code == "KMM-VID-0002"
    assert EntrySequence.objects.get(contest=contest).last_number == 2
    assert first.state == EntryState.DRAFT


def test_create_entry_chooses_division_by_age_on_closing_date():
    campaign = CampaignFactory()
    thcs = DivisionFactory(campaign=campaign, name="THCS", min_age=11, max_age=15)
    thpt = DivisionFactory(campaign=campaign, name="THPT", min_age=16, max_age=18)
    contest = ContestFactory(campaign=campaign, divisions=[thcs, thpt])
    closes = timezone.localtime(contest.closes_at).date()
    # Turns 16 the day before the contest closes.
    entrant = EntrantFactory(date_of_birth=closes.replace(year=closes.year - 16) - timedelta(days=1))
    entry = create_entry(contest=contest, lead_entrant=entrant, actor=entrant)
    assert entry.division == thpt


def test_create_entry_refuses_age_outside_every_division():
    contest = video_contest()
    entrant = EntrantFactory(date_of_birth=date(1990, 1, 1))
    with pytest.raises(DomainError, match="không thuộc bảng thi nào"):
        create_entry(contest=contest, lead_entrant=entrant, actor=entrant)


def test_create_entry_enforces_entries_per_entrant():
    contest = video_contest(entries_per_entrant=1)
    entrant = EntrantFactory()
    draft_entry(contest=contest, entrant=entrant)
    with pytest.raises(DomainError, match="chỉ được nộp 1 bài"):
        draft_entry(contest=contest, entrant=entrant)
    assert Entry.objects.filter(contest=contest).count() == 1


def test_create_entry_withdrawn_entries_do_not_count():
    contest = video_contest(entries_per_entrant=1)
    entrant = EntrantFactory()
    entry = draft_entry(contest=contest, entrant=entrant)
    withdraw_entry(entry=entry, actor=entrant)
    assert draft_entry(contest=contest, entrant=entrant).code.endswith("0002")


def test_create_entry_same_idempotency_key_returns_same_entry():
    contest = video_contest(entries_per_entrant=3)
    entrant = EntrantFactory()
    key = uuid.uuid4()
    first = draft_entry(contest=contest, entrant=entrant, idempotency_key=key)
    again = draft_entry(contest=contest, entrant=entrant, idempotency_key=key)
    assert first.pk == again.pk
    assert Entry.objects.count() == 1


def test_create_entry_refuses_closed_contest():
    contest = video_contest(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ContestClosed, match="hết hạn"):
        draft_entry(contest=contest)


def test_create_entry_refuses_contest_not_yet_open():
    contest = video_contest(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=10)
    )
    with pytest.raises(ContestClosed, match="chưa mở"):
        draft_entry(contest=contest)


def test_create_entry_by_coordinator_for_own_pupil_sets_submitted_by():
    contest = video_contest()
    pupil = EntrantFactory()
    teacher = CoordinatorFactory(school=pupil.school)
    entry = create_entry(contest=contest, lead_entrant=pupil, actor=teacher)
    assert entry.submitted_by == teacher
    assert entry.lead_entrant == pupil


def test_create_entry_by_coordinator_of_other_school_is_refused():
    contest = video_contest()
    pupil = EntrantFactory()
    teacher = CoordinatorFactory()
    with pytest.raises(NotAllowed):
        create_entry(contest=contest, lead_entrant=pupil, actor=teacher)


def test_submit_entry_needs_minimum_files():
    entry = draft_entry(contest=comic_contest(min_files=2))
    add_file(entry=entry, data=png_bytes(label="1"), name="trang1.png")
    with pytest.raises(DomainError, match="ít nhất 2 tệp"):
        submit_entry(entry=entry, actor=entry.lead_entrant)
    entry.refresh_from_db()
    assert entry.state == EntryState.DRAFT


def test_submit_entry_moves_to_submitted_with_audit_and_receipt(
    django_capture_on_commit_callbacks, immediate_tasks
):
    entry = draft_entry(contest=comic_contest(min_files=2))
    add_file(entry=entry, data=png_bytes(label="1"), name="trang1.png")
    add_file(entry=entry, data=png_bytes(label="2"), name="trang2.png")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_entry(entry=entry, actor=entry.lead_entrant)
    assert submitted.state == EntryState.SUBMITTED
    assert submitted.version == 1
    assert submitted.submitted_at is not None
    event = EntryEvent.objects.get(entry=entry)
    assert (event.from_state, event.to_state, event.actor) == (
        EntryState.DRAFT,
        EntryState.SUBMITTED,
        entry.lead_entrant,
    )
    assert len(mail.outbox) == 1
    assert entry.code in mail.outbox[0].subject
    assert "trang1.png" in mail.outbox[0].body
    assert "trang2.png" in mail.outbox[0].body


def test_submit_entry_twice_without_changes_is_one_submission():
    entry = draft_entry(contest=video_contest())
    add_file(entry=entry, data=b"\x00\x00\x00\x18ftypmp42" + b"x" * 5000, name="phim.mp4")
    submit_entry(entry=entry, actor=entry.lead_entrant)
    again = submit_entry(entry=entry, actor=entry.lead_entrant)
    assert again.version == 1
    assert EntryEvent.objects.filter(entry=entry).count() == 1


def test_submit_entry_after_edit_is_new_version():
    entry = draft_entry(contest=video_contest())
    add_file(entry=entry, data=b"\x00\x00\x00\x18ftypmp42" + b"x" * 5000, name="phim.mp4")
    submit_entry(entry=entry, actor=entry.lead_entrant)
    update_entry(entry=entry, actor=entry.lead_entrant, title="Tên mới", statement="Ý tưởng")
    again = submit_entry(entry=entry, actor=entry.lead_entrant)
    assert again.version == 2
    assert again.title == "Tên mới"
    assert EntryEvent.objects.filter(entry=entry, to_state=EntryState.SUBMITTED).count() == 2


def test_submit_entry_after_deadline_is_refused_by_server_time():
    contest = video_contest()
    entry = draft_entry(contest=contest)
    add_file(entry=entry, data=b"\x00\x00\x00\x18ftypmp42" + b"x" * 5000, name="phim.mp4")
    contest.closes_at = timezone.now() - timedelta(seconds=1)
    contest.save()
    with pytest.raises(ContestClosed, match="hết hạn"):
        submit_entry(entry=entry, actor=entry.lead_entrant)
    entry.refresh_from_db()
    assert entry.state == EntryState.DRAFT


def test_update_entry_after_deadline_is_locked_and_keeps_text():
    contest = essay_contest()
    entry = draft_entry(contest=contest, text="một hai ba bốn năm sáu")
    contest.closes_at = timezone.now() - timedelta(seconds=1)
    contest.save()
    with pytest.raises(ContestClosed):
        update_entry(entry=entry, actor=entry.lead_entrant, title="x", statement="", text="")
    entry.refresh_from_db()
    assert entry.text == "một hai ba bốn năm sáu"


def test_submit_entry_typed_essay_counts_as_file_and_checks_words():
    entry = draft_entry(contest=essay_contest(min_words=5))
    update_entry(entry=entry, actor=entry.lead_entrant, title="", statement="", text="quá ngắn")
    with pytest.raises(DomainError, match="ít hơn mức tối thiểu"):
        submit_entry(entry=entry, actor=entry.lead_entrant)
    update_entry(
        entry=entry, actor=entry.lead_entrant, title="", statement="", text="Em không một mình trên mạng"
    )
    assert submit_entry(entry=entry, actor=entry.lead_entrant).state == EntryState.SUBMITTED


def test_submit_entry_by_stranger_is_not_allowed():
    entry = draft_entry(contest=essay_contest(), text="Em không một mình trên mạng")
    with pytest.raises(NotAllowed):
        submit_entry(entry=entry, actor=EntrantFactory())


def test_withdraw_entry_after_deadline_is_allowed():
    contest = essay_contest()
    entry = draft_entry(contest=contest, text="Em không một mình trên mạng")
    submit_entry(entry=entry, actor=entry.lead_entrant)
    contest.closes_at = timezone.now() - timedelta(seconds=1)
    contest.save()
    assert withdraw_entry(entry=entry, actor=entry.lead_entrant, reason="đổi ý").state == EntryState.WITHDRAWN
    assert EntryEvent.objects.filter(entry=entry, to_state=EntryState.WITHDRAWN, reason="đổi ý").exists()


def test_withdraw_entry_after_award_before_publication_is_allowed():
    """A co-signed winner may still withdraw until the results are published (tests/results checks the
    refusal after publication); the prize then waits for the organiser's decision."""
    entry = draft_entry(contest=essay_contest(), text="Em không một mình trên mạng")
    Entry.objects.filter(pk=entry.pk).update(state=EntryState.AWARDED, submitted_at=timezone.now())
    assert withdraw_entry(entry=entry, actor=entry.lead_entrant).state == EntryState.WITHDRAWN


def test_withdraw_entry_refused_by_a_guard():
    from submissions.services import entries as entry_services

    entry = draft_entry(contest=essay_contest(), text="Em không một mình trên mạng")

    def guard(candidate):
        return "Đã công bố kết quả." if candidate.pk == entry.pk else None

    entry_services.register_withdrawal_guard(guard)
    try:
        with pytest.raises(InvalidTransition, match="Đã công bố"):
            withdraw_entry(entry=entry, actor=entry.lead_entrant)
    finally:
        entry_services._withdrawal_guards.remove(guard)


@pytest.mark.parametrize(
    ("src", "dst"),
    [(src, dst) for src in EntryState.values for dst in EntryState.values],
)
def test_transition_entry_follows_table(src, dst):
    entry = draft_entry(contest=essay_contest(), text="a b c d e")
    Entry.objects.filter(pk=entry.pk).update(state=src, submitted_at=timezone.now())
    organiser = OrganiserFactory()
    if dst in ENTRY_TRANSITIONS[src]:
        transition_entry(entry=entry, to_state=dst, actor=organiser)
        assert entry.state == dst
        assert EntryEvent.objects.filter(entry=entry, from_state=src, to_state=dst).count() == 1
    else:
        with pytest.raises(InvalidTransition):
            transition_entry(entry=entry, to_state=dst, actor=organiser)
        assert EntryEvent.objects.filter(entry=entry).count() == 0


def test_set_team_members_links_accounts_and_invites():
    contest = video_contest(team_size_max=3)
    entry = draft_entry(contest=contest)
    friend = EntrantFactory(email="ban@khongmotminh.example")
    members = set_team_members(
        entry=entry,
        actor=entry.lead_entrant,
        members=[{"name": "", "email": "BAN@khongmotminh.example"}, {"name": "Trần Bình", "email": ""}],
    )
    assert [m.user for m in members] == [friend, None]
    assert entry.team_members.count() == 2


def test_set_team_members_over_size_is_refused_and_keeps_team():
    contest = video_contest(team_size_max=2)
    entry = draft_entry(contest=contest)
    set_team_members(entry=entry, actor=entry.lead_entrant, members=[{"name": "An", "email": ""}])
    with pytest.raises(DomainError, match="tối đa 2 người"):
        set_team_members(
            entry=entry,
            actor=entry.lead_entrant,
            members=[{"name": "An", "email": ""}, {"name": "Bình", "email": ""}],
        )
    assert list(entry.team_members.values_list("name", flat=True)) == ["An"]


def test_set_team_members_does_not_tell_whether_an_address_has_an_account():
    entry = draft_entry(contest=video_contest(team_size_max=3))
    EntrantFactory(email="co.tai.khoan@khongmotminh.example")
    members = set_team_members(
        entry=entry,
        actor=entry.lead_entrant,
        members=[
            {"name": "", "email": "co.tai.khoan@khongmotminh.example"},
            {"name": "", "email": "chua.co@khongmotminh.example"},
        ],
    )
    assert len(members) == 2
