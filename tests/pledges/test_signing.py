"""Signing: who may, one signature per account (also in the database), the counts kept in the same
transaction, the message screened and held, rate limits, and the signer's own page."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from contest.errors import DomainError, NotAllowed
from pledges import ratelimit
from pledges.enums import CountScope, MessageState
from pledges.models import Commitment, Pledge, PledgeCount, PledgeEvent
from pledges.services import sign_pledge
from tests.factories import HeadJudgeFactory, JudgeFactory
from tests.factories.pledges import core_ids, sign

pytestmark = pytest.mark.django_db
SIGN = reverse("pledges:sign")


def counts(school=None, ward=""):
    def get(scope, **key):
        row = PledgeCount.objects.filter(scope=scope, **key).first()
        return row.count if row else 0

    return (
        get(CountScope.CITY),
        get(CountScope.WARD, ward=ward) if ward else None,
        get(CountScope.SCHOOL, school=school) if school else None,
    )


def post(client, **extra):
    data = {"commitments": [str(pk) for pk in core_ids()], "message": "", **extra}
    return client.post(SIGN, data)


def test_seeded_commitments_are_the_campaigns_five():
    texts = list(Commitment.objects.order_by("sort_order").values_list("text", flat=True))
    assert len(texts) == 5
    assert "mã OTP" in texts[3]
    assert all(Commitment.objects.values_list("is_core", flat=True))


def test_a_pupil_signs_with_a_message_the_signature_counts_at_once_the_message_waits(client, pupil, school):
    client.force_login(pupil)
    response = post(client, message="Em hứa sẽ kể với mẹ khi có người lạ làm em sợ.", show_name="on")
    assert response.status_code == 302
    pledge = Pledge.objects.get(signer=pupil)
    assert pledge.message_state == MessageState.PENDING
    assert pledge.school == school
    assert pledge.ward == "Phường Bến Thành"
    assert pledge.show_name
    assert not pledge.flagged
    assert [c["text"] for c in pledge.commitments] == list(
        Commitment.objects.order_by("sort_order").values_list("text", flat=True)
    )
    assert counts(school, school.ward) == (1, 1, 1)
    event = PledgeEvent.objects.get(pledge=pledge)
    assert (event.from_state, event.to_state, event.actor) == ("none", "pending", pupil)
    page = client.get(SIGN).content.decode()
    assert "Lời nhắn đang chờ duyệt" in page
    assert "Chữ ký của em" in page


def test_without_a_message_nothing_waits(client, teacher, school):
    client.force_login(teacher)
    assert post(client).status_code == 302
    assert Pledge.objects.get(signer=teacher).message_state == MessageState.NONE
    assert PledgeEvent.objects.count() == 0
    assert counts(school, school.ward) == (1, 1, 1)


def test_a_parent_counts_for_the_city_only(client, parent):
    client.force_login(parent)
    assert post(client, message="Bố mẹ sẽ lắng nghe con.").status_code == 302
    pledge = Pledge.objects.get(signer=parent)
    assert pledge.school is None
    assert pledge.ward == ""
    assert PledgeCount.objects.get(scope=CountScope.CITY).count == 1
    assert not PledgeCount.objects.exclude(scope=CountScope.CITY).exists()


def test_one_signature_per_account_a_second_attempt_shows_the_first(client, pupil, school):
    client.force_login(pupil)
    post(client, message="Lời nhắn đầu tiên của em.")
    again = post(client, message="Lời nhắn thứ hai.")
    assert again.status_code == 302
    page = client.get(again["Location"]).content.decode()
    assert "Lời nhắn đầu tiên của em." in page
    assert "Em đã ký cam kết rồi" in page
    assert Pledge.objects.filter(signer=pupil).count() == 1
    assert counts(school, school.ward) == (1, 1, 1)
    pledge, created = sign_pledge(signer=pupil, commitment_ids=core_ids(), message="Lần ba")
    assert not created
    assert pledge.message == "Lời nhắn đầu tiên của em."


def test_the_database_refuses_a_second_signature(pupil):
    sign(pupil)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(signer=pupil, role="entrant", commitments=[])


def test_every_core_commitment_must_be_ticked(client, pupil):
    client.force_login(pupil)
    response = post(client, commitments=[str(core_ids()[0])])
    assert response.status_code == 400
    assert "Hãy đánh dấu đủ các cam kết bắt buộc" in response.content.decode()
    assert not Pledge.objects.exists()
    with pytest.raises(DomainError):
        sign_pledge(signer=pupil, commitment_ids=core_ids()[:2])


def test_an_optional_commitment_may_be_left_out(client, pupil):
    extra = Commitment.objects.create(
        text="Em đặt mật khẩu mạnh cho mọi tài khoản.", is_core=False, sort_order=99
    )
    client.force_login(pupil)
    assert post(client, commitments=[str(pk) for pk in core_ids() if pk != extra.pk]).status_code == 302
    assert len(Pledge.objects.get(signer=pupil).commitments) == 5


def test_a_message_longer_than_280_characters_is_refused(client, pupil):
    client.force_login(pupil)
    response = post(client, message="An toàn " * 40)
    assert response.status_code == 400
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("make", "status"),
    [
        ("pupil", 200),
        ("teacher", 200),
        ("parent", 200),
        ("organiser", 403),
        ("judge", 403),
        ("head_judge", 403),
    ],
)
def test_who_may_sign(client, request, make, status):
    users = {"judge": JudgeFactory, "head_judge": HeadJudgeFactory}
    user = users[make]() if make in users else request.getfixturevalue(make)
    client.force_login(user)
    response = client.get(SIGN)
    assert response.status_code == status
    if status == 403:
        assert post(client).status_code == 403
        assert not Pledge.objects.exists()
        with pytest.raises(NotAllowed):
            sign_pledge(signer=user, commitment_ids=core_ids())


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(SIGN)
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
    assert client.post(SIGN, {}).status_code == 302
    assert not Pledge.objects.exists()


def test_an_inactive_account_cannot_sign(pupil):
    pupil.is_active = False
    pupil.save()
    with pytest.raises(NotAllowed):
        sign_pledge(signer=pupil, commitment_ids=core_ids())


def test_a_flagged_message_is_held_with_its_reason_and_a_friendly_note(client, pupil):
    client.force_login(pupil)
    post(client, message="Ai cần giúp thì gọi em 09 12 345 678 nhé, hoặc vào bit ly slash abc")
    pledge = Pledge.objects.get(signer=pupil)
    assert pledge.message_state == MessageState.PENDING
    assert pledge.flagged
    assert pledge.flag_list == ["link", "phone"]
    assert {"kind": "phone", "text": "09 12 345 678"} in pledge.flag_details
    page = client.get(SIGN).content.decode()
    assert "Lời nhắn đang chờ duyệt" in page
    assert "có vẻ có số điện thoại" in page
    assert "có đường dẫn" in page


def test_leetspeak_profanity_is_held_but_not_explained_back(client, pupil):
    client.force_login(pupil)
    post(client, message="đ.m bọn lừa đảo, v.l thật")
    pledge = Pledge.objects.get(signer=pupil)
    assert pledge.flag_list == ["profanity"]
    page = client.get(SIGN).content.decode()
    assert "Lời nhắn đang chờ duyệt" in page
    assert "có vẻ có" not in page


def test_the_account_rate_limit(client, pupil):
    client.force_login(pupil)
    limit, _window = ratelimit.LIMITS["account"]
    for _ in range(limit):
        assert post(client, commitments=[]).status_code == 400
    response = post(client)
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert not Pledge.objects.exists()


def test_the_address_rate_limit(client, monkeypatch, school):
    from tests.factories import EntrantFactory

    monkeypatch.setitem(ratelimit.LIMITS, "address", (3, 3600))
    for _ in range(3):
        client.force_login(EntrantFactory(school=school))
        assert post(client).status_code == 302
    client.force_login(EntrantFactory(school=school))
    assert post(client).status_code == 429
    assert Pledge.objects.count() == 3
    # Another address is not held back by that one.
    data = {"commitments": [str(pk) for pk in core_ids()], "message": ""}
    assert client.post(SIGN, data, REMOTE_ADDR="10.9.8.7").status_code == 302
