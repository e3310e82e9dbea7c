"""Teams by invitation (issue 10, finding 4): the invited pupil alone answers, and counts only once accepted."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contest.errors import DomainError, InvalidTransition, NotAllowed
from privacy.services.consent import set_own_consents
from submissions.enums import MEMBERSHIP_TRANSITIONS, EntryState, MembershipState
from submissions.models import Entry, TeamMember
from submissions.services.entries import set_team_members, withdraw_entry
from submissions.services.teams import short_name, transition_membership
from tests.factories import CoordinatorFactory, DivisionFactory, EntrantFactory, SchoolFactory
from tests.factories.entries import draft_entry, video_contest

pytestmark = pytest.mark.django_db


def _invite(entry, *people):
    set_team_members(
        entry=entry, actor=entry.lead_entrant, members=[{"name": "", "email": p.email} for p in people]
    )
    return {m.user_id: m for m in entry.team_members.all()}


def test_invited_pupil_keeps_own_entry_until_accepting():
    contest = video_contest(team_size_max=3)
    entry = draft_entry(contest=contest, entrant=EntrantFactory(full_name="Nguyễn Thị Mai"))
    victim = EntrantFactory(full_name="Trần Văn Bình", school=SchoolFactory())
    _invite(entry, victim)
    own = draft_entry(contest=contest, entrant=victim)
    assert own.lead_entrant == victim


def test_accepting_at_the_entry_limit_is_refused():
    contest = video_contest(team_size_max=3)
    entry = draft_entry(contest=contest)
    pupil = EntrantFactory()
    draft_entry(contest=contest, entrant=pupil)
    member = _invite(entry, pupil)[pupil.pk]
    with pytest.raises(DomainError, match="Mỗi thí sinh chỉ được nộp 1 bài"):
        transition_membership(member=member, actor=pupil, to_state=MembershipState.ACCEPTED)
    assert TeamMember.objects.get(pk=member.pk).state == MembershipState.INVITED


def test_accepted_member_counts_towards_the_entry_limit():
    contest = video_contest(team_size_max=3)
    entry = draft_entry(contest=contest)
    pupil = EntrantFactory()
    member = _invite(entry, pupil)[pupil.pk]
    transition_membership(member=member, actor=pupil, to_state=MembershipState.ACCEPTED)
    with pytest.raises(DomainError, match="Mỗi thí sinh chỉ được nộp 1 bài"):
        draft_entry(contest=contest, entrant=pupil)


def test_invitation_answered_only_by_the_invited_pupil():
    entry = draft_entry(contest=video_contest(team_size_max=3))
    pupil = EntrantFactory()
    member = _invite(entry, pupil)[pupil.pk]
    for someone in (entry.lead_entrant, EntrantFactory(), CoordinatorFactory(school=pupil.school)):
        with pytest.raises(NotAllowed):
            transition_membership(member=member, actor=someone, to_state=MembershipState.ACCEPTED)
    assert TeamMember.objects.get(pk=member.pk).state == MembershipState.INVITED


@pytest.mark.parametrize("src", list(MembershipState))
@pytest.mark.parametrize("dst", list(MembershipState))
def test_transition_membership_follows_table(src, dst):
    entry = draft_entry(contest=video_contest(team_size_max=3))
    pupil = EntrantFactory()
    member = _invite(entry, pupil)[pupil.pk]
    TeamMember.objects.filter(pk=member.pk).update(state=src)
    if dst in MEMBERSHIP_TRANSITIONS[src]:
        transition_membership(member=member, actor=pupil, to_state=dst)
        assert TeamMember.objects.get(pk=member.pk).state == dst
    else:
        with pytest.raises(InvalidTransition):
            transition_membership(member=member, actor=pupil, to_state=dst)
        assert TeamMember.objects.get(pk=member.pk).state == src


def test_only_the_lead_withdraws():
    entry = draft_entry(contest=video_contest(team_size_max=3))
    pupil = EntrantFactory()
    member = _invite(entry, pupil)[pupil.pk]
    with pytest.raises(NotAllowed):
        withdraw_entry(entry=entry, actor=pupil)
    transition_membership(member=member, actor=pupil, to_state=MembershipState.ACCEPTED)
    with pytest.raises(NotAllowed):
        withdraw_entry(entry=Entry.objects.get(pk=entry.pk), actor=pupil)
    assert Entry.objects.get(pk=entry.pk).state == EntryState.DRAFT
    withdraw_entry(entry=entry, actor=entry.lead_entrant)
    assert Entry.objects.get(pk=entry.pk).state == EntryState.WITHDRAWN


def test_invited_pupil_cannot_open_or_withdraw_the_entry(client):
    entry = draft_entry(contest=video_contest(team_size_max=3))
    pupil = EntrantFactory()
    _invite(entry, pupil)
    client.force_login(pupil)
    assert client.get(reverse("submissions:edit", args=[entry.pk])).status_code == 404
    response = client.post(reverse("submissions:withdraw", args=[entry.pk]), {"confirm": "on"})
    assert response.status_code in {403, 404}
    assert Entry.objects.get(pk=entry.pk).state == EntryState.DRAFT


def test_invitations_are_one_message_per_pupil_without_lead_full_name(
    django_capture_on_commit_callbacks, immediate_tasks
):
    lead = EntrantFactory(full_name="Nguyễn Thị Mai")
    entry = draft_entry(contest=video_contest(team_size_max=4), entrant=lead)
    friends = [EntrantFactory(), EntrantFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        set_team_members(
            entry=entry,
            actor=lead,
            members=[{"name": "", "email": f.email} for f in friends]
            + [{"name": "Lê Minh Khoa", "email": "khoa.le@khongmotminh.example"}],
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [f.email for f in friends] + ["khoa.le@khongmotminh.example"]
    )
    for message in mail.outbox:
        assert len(message.to) == 1
        assert not message.cc
        assert not message.bcc
        assert "Nguyễn Thị Mai" not in message.body
        assert "Mai N." in message.body
        for other in {f.email for f in friends} - set(message.to):
            assert other not in message.body
        assert reverse("submissions:invitations") in message.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        set_team_members(entry=entry, actor=lead, members=[{"name": "", "email": f.email} for f in friends])
    assert mail.outbox == []


def test_short_name_is_given_name_and_family_initial():
    assert short_name("Nguyễn Thị Mai") == "Mai N."
    assert short_name("Đặng Văn Ánh") == "Ánh Đ."
    assert short_name("Hạnh") == "Hạnh"


def test_consent_counts_only_accepted_members():
    seventeen = timezone.localdate().replace(year=timezone.localdate().year - 17)
    lead = EntrantFactory(full_name="Phạm Gia Huy", date_of_birth=seventeen)
    contest = video_contest(team_size_max=3, divisions=[DivisionFactory(min_age=15, max_age=18)])
    entry = draft_entry(contest=contest, entrant=lead)
    pupil = EntrantFactory(date_of_birth=seventeen)
    set_own_consents(entrant=lead, purposes={"participation"}, actor=lead)
    member = _invite(entry, pupil)[pupil.pk]
    assert Entry.objects.get(pk=entry.pk).consent_complete
    transition_membership(member=member, actor=pupil, to_state=MembershipState.ACCEPTED)
    assert not Entry.objects.get(pk=entry.pk).consent_complete
    set_own_consents(entrant=pupil, purposes={"participation"}, actor=pupil)
    assert Entry.objects.get(pk=entry.pk).consent_complete


def test_invited_email_never_shows_to_the_lead_coordinator(client):
    lead = EntrantFactory()
    entry = draft_entry(contest=video_contest(team_size_max=3), entrant=lead)
    pupil = EntrantFactory(email="ban.moi@khongmotminh.example", school=SchoolFactory())
    _invite(entry, pupil)
    client.force_login(CoordinatorFactory(school=lead.school))
    pages = [
        reverse("consent:coordinator"),
        reverse("consent:coordinator_pupil", args=[lead.pk]),
        reverse("consent:coordinator_export", kwargs={"kind": "bai-du-thi", "fmt": "csv"}),
        reverse("submissions:edit", args=[entry.pk]),
    ]
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"ban.moi@" not in body, url


def test_invitation_page_accepts_and_links_to_the_entry(client):
    lead = EntrantFactory(full_name="Võ Thanh Tâm")
    entry = draft_entry(contest=video_contest(team_size_max=3), entrant=lead)
    pupil = EntrantFactory()
    member = _invite(entry, pupil)[pupil.pk]
    client.force_login(pupil)
    page = client.get(reverse("submissions:invitations")).content.decode()
    assert "Tâm V." in page
    assert "Võ Thanh Tâm" not in page
    assert lead.email not in page
    response = client.post(reverse("submissions:invitation_answer", args=[member.pk]), {"answer": "accepted"})
    assert response.status_code == 302
    assert client.get(reverse("submissions:edit", args=[entry.pk])).status_code == 200
    bad = client.post(reverse("submissions:invitation_answer", args=[member.pk]), {"answer": "tự-chế"})
    assert bad.status_code == 400
    client.force_login(EntrantFactory())
    other = client.post(reverse("submissions:invitation_answer", args=[member.pk]), {"answer": "left"})
    assert other.status_code == 404


def test_invitation_before_registration_is_answered_after_it(client):
    entry = draft_entry(contest=video_contest(team_size_max=3))
    set_team_members(
        entry=entry,
        actor=entry.lead_entrant,
        members=[{"name": "Hồ Ngọc Hà", "email": "ha.ho@khongmotminh.example"}],
    )
    member = entry.team_members.get()
    assert member.user is None
    pupil = EntrantFactory(email="ha.ho@khongmotminh.example")
    client.force_login(pupil)
    response = client.post(reverse("submissions:invitation_answer", args=[member.pk]), {"answer": "declined"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.user, member.state) == (pupil, MembershipState.DECLINED)


def test_invited_pupil_consent_page_does_not_show_the_entry(client):
    entry = draft_entry(contest=video_contest(team_size_max=3), title="Bí mật của nhóm")
    pupil = EntrantFactory()
    member = _invite(entry, pupil)[pupil.pk]
    client.force_login(pupil)
    assert entry.code not in client.get(reverse("privacy:mine")).content.decode()
    transition_membership(member=member, actor=pupil, to_state=MembershipState.ACCEPTED)
    assert entry.code in client.get(reverse("privacy:mine")).content.decode()
