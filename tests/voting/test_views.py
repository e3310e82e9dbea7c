"""The vote's pages: the button on work pages and cards, its POST for each role, refusals as 4xx with the
reason, and the organisers' screens (permission matrix; another contest's ids answer 404)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CoordinatorFactory, EntrantFactory, OrganiserFactory
from tests.factories.voting import voters, voting_contest
from voting.enums import VoteState, VotingAction
from voting.models import Vote, VotingEvent
from voting.services.votes import cast_vote
from voting.traces import DEVICE_COOKIE

pytestmark = pytest.mark.django_db


def old_account(factory, **kwargs):
    user = factory(**kwargs)
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=30))
    user.refresh_from_db()
    return user


@pytest.fixture
def vote_world():
    settings, (work, other) = voting_contest()
    _other_settings, (elsewhere, _x) = voting_contest()
    return {
        "settings": settings,
        "work": work,
        "other": other,
        "elsewhere": elsewhere,
        "anonymous": None,
        "pupil": old_account(EntrantFactory),
        "coordinator": old_account(CoordinatorFactory),
        "organiser": old_account(OrganiserFactory),
    }


def sign_in(client, world, role):
    if world[role] is not None:
        client.force_login(world[role])


def test_work_page_and_gallery_show_the_button_and_the_total(client, vote_world):
    work = vote_world["work"]
    page = client.get(reverse("gallery:entry", args=[work.key])).content.decode()
    assert "Đăng nhập để bình chọn" in page
    assert 'data-vote-total="0"' in page
    client.force_login(vote_world["pupil"])
    page = client.get(reverse("gallery:entry", args=[work.key])).content.decode()
    assert reverse("voting:vote", args=[work.key]) in page
    gallery = client.get(reverse("gallery:list")).content.decode()
    assert reverse("voting:vote", args=[vote_world["other"].key]) in gallery


def test_totals_are_hidden_when_organisers_choose(client, vote_world):
    settings = vote_world["settings"]
    settings.totals_display = "after_close"
    settings.save()
    page = client.get(reverse("gallery:entry", args=[vote_world["work"].key])).content.decode()
    assert "data-vote-total" not in page
    settings.closes_at = timezone.now() - timedelta(minutes=1)
    settings.save()
    page = client.get(reverse("gallery:entry", args=[vote_world["work"].key])).content.decode()
    assert 'data-vote-total="0"' in page
    assert "Bình chọn đã kết thúc." in page


@pytest.mark.parametrize(
    ("role", "status", "counted"),
    [("anonymous", 302, 0), ("pupil", 302, 1), ("coordinator", 302, 1), ("organiser", 302, 1)],
)
def test_voting_by_role(client, vote_world, role, status, counted):
    sign_in(client, vote_world, role)
    work = vote_world["work"]
    response = client.post(reverse("voting:vote", args=[work.key]), {"next": "https://evil.example/"})
    assert response.status_code == status
    assert Vote.objects.filter(entry_id=work.entry_id).count() == counted
    if role == "anonymous":
        assert "/dang-nhap/" in response["Location"]
    else:
        assert response["Location"] == reverse("gallery:entry", args=[work.key])  # not the foreign next
        assert DEVICE_COOKIE in response.cookies
        assert response.cookies[DEVICE_COOKIE]["httponly"]


def test_vote_then_withdraw_through_the_pages(client, vote_world):
    client.force_login(vote_world["pupil"])
    work = vote_world["work"]
    client.post(reverse("voting:vote", args=[work.key]))
    page = client.get(reverse("gallery:entry", args=[work.key])).content.decode()
    assert 'data-vote-total="1"' in page
    assert "Đã bình chọn · Rút phiếu" in page
    response = client.post(reverse("voting:withdraw", args=[work.key]))
    assert response.status_code == 302
    assert not Vote.objects.exists()


def test_refusals_are_4xx_with_the_reason(client, vote_world):
    client.force_login(vote_world["pupil"])
    work = vote_world["work"]
    assert client.post(reverse("voting:vote", args=[work.key])).status_code == 302
    duplicate = client.post(reverse("voting:vote", args=[work.key]))
    assert duplicate.status_code == 409
    assert "Em đã bình chọn cho tác phẩm này rồi." in duplicate.content.decode()
    assert client.post(reverse("voting:vote", args=["khong-co-bai-nay"])).status_code == 404
    assert client.get(reverse("voting:vote", args=[work.key])).status_code == 405
    settings = vote_world["settings"]
    settings.ip_limit_hour = 1
    settings.save()
    limited = client.post(reverse("voting:vote", args=[vote_world["other"].key]))
    assert limited.status_code == 429
    assert "cùng một mạng Internet" in limited.content.decode()


def test_a_new_account_is_told_to_come_back_later(client, vote_world):
    client.force_login(EntrantFactory())
    response = client.post(reverse("voting:vote", args=[vote_world["work"].key]))
    assert response.status_code == 429
    assert "Tài khoản mới tạo" in response.content.decode()


def test_a_forged_device_cookie_is_replaced(client, vote_world):
    client.force_login(vote_world["pupil"])
    client.cookies[DEVICE_COOKIE] = "gia-mao-khong-ky"
    response = client.post(reverse("voting:vote", args=[vote_world["work"].key]))
    assert response.status_code == 302
    assert response.cookies[DEVICE_COOKIE].value != "gia-mao-khong-ky"


ADMIN_STATUS = {"anonymous": 302, "pupil": 302, "coordinator": 302, "organiser": 200}


@pytest.mark.parametrize("role", sorted(ADMIN_STATUS))
def test_admin_screens_by_role(client, vote_world, role):
    sign_in(client, vote_world, role)
    contest = vote_world["settings"].contest
    assert client.get(reverse("voting_bursts"), {"contest": contest.pk}).status_code == ADMIN_STATUS[role]
    assert client.get(reverse("voting_ranking", args=[contest.pk])).status_code == ADMIN_STATUS[role]


def test_an_organiser_voids_and_restores_a_burst_from_the_screen(client, vote_world):
    settings = vote_world["settings"]
    settings.burst_votes = 3
    settings.save()
    for account in voters(4):
        cast_vote(
            voter=account, entry_key=vote_world["work"].key, ip="198.51.100.9", device_id=f"d{account.pk}"
        )
    client.force_login(vote_world["organiser"])
    page = client.get(reverse("voting_bursts"), {"contest": settings.contest.pk})
    html = page.content.decode()
    assert "Nhiều phiếu từ một địa chỉ mạng" in html
    assert "Huỷ các phiếu này" in html
    assert "@" not in html.split('id="vote-bursts"')[1].split("Nhật ký")[0]  # domains only, never an address
    ids = list(Vote.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("voting_void", args=[settings.contest.pk]), {"votes": ids, "reason": "Một mạng, bốn phút"}
    )
    assert response.status_code == 302
    assert set(Vote.objects.values_list("state", flat=True)) == {VoteState.VOIDED}
    response = client.post(
        reverse("voting_restore", args=[settings.contest.pk]), {"votes": ids[:1], "reason": "Hai anh em"}
    )
    assert Vote.objects.filter(state=VoteState.COUNTED).count() == 1
    assert list(VotingEvent.objects.values_list("action", flat=True).order_by("pk")) == [
        VotingAction.VOIDED,
        VotingAction.RESTORED,
    ]


def test_another_contests_ids_answer_404(client, vote_world):
    settings = vote_world["settings"]
    (voter,) = voters(1)
    foreign = cast_vote(voter=voter, entry_key=vote_world["elsewhere"].key, ip="192.0.2.1", device_id="x-1")
    client.force_login(vote_world["organiser"])
    url = reverse("voting_void", args=[settings.contest.pk])
    assert client.post(url, {"votes": [foreign.pk], "reason": "Lý do"}).status_code == 404
    assert (
        client.post(reverse("voting_void", args=[999999]), {"votes": [foreign.pk], "reason": "x"}).status_code
        == 404
    )
    assert client.get(reverse("voting_ranking", args=[999999])).status_code == 404
    assert client.post(url, {"votes": ["abc"], "reason": "Lý do"}).status_code == 400
    assert Vote.objects.get(pk=foreign.pk).state == VoteState.COUNTED


def test_a_bad_filter_is_400(client, vote_world):
    client.force_login(vote_world["organiser"])
    assert client.get(reverse("voting_bursts"), {"contest": "999999"}).status_code == 400
    assert client.get(reverse("voting_bursts"), {"kind": "khong-co"}).status_code == 400


def test_the_organiser_allocates_the_prize_and_the_results_page_could_show_it(client, vote_world):
    settings = vote_world["settings"]
    for n, account in enumerate(voters(2)):
        cast_vote(voter=account, entry_key=vote_world["other"].key, ip=f"192.0.2.{n}", device_id=f"p{n}")
    client.force_login(vote_world["organiser"])
    url = reverse("voting_ranking", args=[settings.contest.pk])
    assert client.post(url, {}).status_code == 409  # still open
    settings.closes_at = timezone.now() - timedelta(minutes=1)
    settings.save()
    assert client.post(url, {}).status_code == 302
    page = client.get(url).content.decode()
    assert vote_world["other"].entry.code in page.split('id="peoples-choice"')[1]
    from voting.selectors import public_peoples_choice

    award, card = public_peoples_choice(contest=settings.contest)
    assert card.key == vote_world["other"].key
    assert award.votes == 2
