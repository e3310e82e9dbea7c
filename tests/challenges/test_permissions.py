"""Every id in our URLs, attacked: someone else's clip, upload or file answers 404; organisers' screens
answer 403 to anyone else; predicates as a matrix of roles × actions."""

import uuid

import pytest
from django.urls import reverse

from challenges import rules
from challenges.enums import ClipState
from challenges.models import ClipUpload
from tests.challenges.conftest import DISPLAY, consent
from tests.factories import CoordinatorFactory, EntrantFactory, HeadJudgeFactory, JudgeFactory
from tests.factories.clips import ClipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(pupil, organiser):
    return {
        "anonymous": None,
        "author": pupil,
        "other_pupil": EntrantFactory(full_name="Đỗ Thu Trang"),
        "coordinator": CoordinatorFactory(full_name="Vũ Thị Hạnh"),
        "judge": JudgeFactory(full_name="Hoàng Văn Nam"),
        "head_judge": HeadJudgeFactory(full_name="Bùi Thị Mai"),
        "organiser": organiser,
    }


def sign_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


@pytest.fixture
def clip(challenge, pupil):
    return ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)


@pytest.fixture
def upload(challenge, pupil):
    return ClipUpload.objects.create(
        challenge=challenge,
        created_by=pupil,
        client_key=uuid.uuid4(),
        backend="disk",
        original_name="clip.mp4",
        size=10,
        chunk_size=10,
    )


AUTHOR_ONLY = ["author"]


@pytest.mark.parametrize(
    "who", ["anonymous", "author", "other_pupil", "coordinator", "judge", "head_judge", "organiser"]
)
def test_author_pages_are_hers_alone(client, people, clip, who):
    sign_in(client, people[who])
    for name in ("challenges:clip",):
        response = client.get(reverse(name, args=[clip.pk]))
        if who == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if who in AUTHOR_ONLY else 404), (name, who)
    response = client.post(reverse("challenges:withdraw", args=[clip.pk]), {"confirm": "on"})
    clip.refresh_from_db()
    if who in AUTHOR_ONLY:
        assert clip.state == ClipState.WITHDRAWN
    else:
        assert response.status_code in {302, 404}
        assert clip.state == ClipState.PENDING
    client.post(reverse("challenges:clip", args=[clip.pk]), {"caption": "Của tôi rồi", "wants_credit": "on"})
    clip.refresh_from_db()
    assert clip.caption == ""  # nobody else may; the author withdrew it above, so she may not either


@pytest.mark.parametrize("who", ["anonymous", "other_pupil", "coordinator", "organiser"])
def test_someone_elses_upload_is_not_found(client, people, upload, who):
    sign_in(client, people[who])
    urls = [
        ("get", reverse("challenges:upload", args=[upload.pk])),
        ("put", reverse("challenges:upload", args=[upload.pk]) + "?offset=0"),
        ("delete", reverse("challenges:upload", args=[upload.pk])),
        ("post", reverse("challenges:upload_presign", args=[upload.pk])),
        ("post", reverse("challenges:upload_complete", args=[upload.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        expected = 401 if who == "anonymous" else 404
        assert response.status_code == expected, (method, url, who, response.status_code)
    upload.refresh_from_db()
    assert upload.state == "active"
    assert upload.received == 0


def test_unknown_ids_are_not_found(client, pupil, organiser, challenge):
    client.force_login(pupil)
    missing_uuid = uuid.uuid4()
    assert client.get(reverse("challenges:clip", args=[999999])).status_code == 404
    assert client.get(reverse("challenges:upload", args=[missing_uuid])).status_code == 404
    assert client.get(reverse("challenges:clip_file", args=[999999, "poster.jpg"])).status_code == 404
    assert client.get(reverse("challenges:detail", args=["khong-co"])).status_code == 404
    assert client.get(reverse("challenges:send", args=["khong-co"])).status_code == 404
    client.force_login(organiser)
    assert client.get(reverse("challenges_clip", args=[999999])).status_code == 404
    assert client.post(reverse("challenges_approve", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "who", ["anonymous", "other_pupil", "coordinator", "judge", "head_judge", "author", "organiser"]
)
def test_files_of_a_clip_not_on_the_wall(client, people, clip, who):
    clip.renditions = [{"name": "poster.jpg", "key": "clips/renditions/x/poster.jpg", "mime": "image/jpeg"}]
    clip.save()
    sign_in(client, people[who])
    response = client.get(reverse("challenges:clip_file", args=[clip.pk, "poster.jpg"]))
    # The author and organisers may look (the stored file is missing here: 404 either way, never a 500);
    # nobody else learns anything.
    assert response.status_code == 404


def test_hidden_challenge_is_not_found(client, challenge, pupil):
    challenge.is_active = False
    challenge.save()
    assert client.get(reverse("challenges:detail", args=[challenge.slug])).status_code == 404
    client.force_login(pupil)
    assert client.get(reverse("challenges:send", args=[challenge.slug])).status_code == 404
    response = client.post(
        reverse("challenges:upload_start", args=[challenge.slug]),
        {"name": "clip.mp4", "size": 10, "client_key": str(uuid.uuid4())},
    )
    assert response.status_code == 404


ADMIN_GETS = ["challenges_queue"]
ADMIN_POSTS = ["challenges_approve", "challenges_reject", "challenges_flag", "challenges_retry"]


@pytest.mark.parametrize("who", ["anonymous", "author", "other_pupil", "coordinator", "judge", "head_judge"])
def test_moderation_is_for_organisers_only(client, people, clip, who):
    sign_in(client, people[who])
    responses = [
        client.get(reverse("challenges_queue")),
        client.get(reverse("challenges_clip", args=[clip.pk])),
    ]
    responses += [
        client.post(reverse(name, args=[clip.pk]), {"reason": "x", "category": "other", "summary": "x"})
        for name in ADMIN_POSTS
    ]
    for response in responses:
        assert response.status_code in {302, 403}, response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith("/dang-nhap/")  # Wagtail sends them to sign in
    clip.refresh_from_db()
    assert clip.state == ClipState.PENDING
    assert not clip.events.exists()


def test_organiser_without_officer_role_still_moderates(client, clip, organiser):
    client.force_login(organiser)
    assert client.post(reverse("challenges_approve", args=[clip.pk])).status_code == 302
    clip.refresh_from_db()
    assert clip.state == ClipState.APPROVED


def test_predicates_matrix(people, challenge, clip):
    expected = {
        #                send   view-own  withdraw  moderate
        "anonymous": (False, False, False, False),
        "author": (True, True, True, False),
        "other_pupil": (True, False, False, False),
        "coordinator": (True, False, False, False),
        "judge": (True, False, False, False),
        "head_judge": (True, False, False, False),
        "organiser": (True, False, False, True),
    }
    for who, row in expected.items():
        user = people[who]
        got = (
            rules.can_send_clip(user, challenge),
            rules.can_view_own_clip(user, clip),
            rules.can_withdraw_clip(user, clip),
            rules.can_moderate_clips(user),
        )
        assert got == row, who


def test_inactive_account_can_do_nothing(challenge, clip, pupil):
    pupil.is_active = False
    assert not rules.can_send_clip(pupil, challenge)
    assert not rules.can_withdraw_clip(pupil, clip)


def test_other_pupil_cannot_see_anothers_clip_in_lists(client, people, clip):
    consent(people["author"], purposes=DISPLAY)
    sign_in(client, people["other_pupil"])
    assert f"clip-{clip.pk}".encode() not in client.get(reverse("challenges:mine")).content
    assert (
        f"clip-{clip.pk}".encode()
        not in client.get(reverse("challenges:send", args=[clip.challenge.slug])).content
    )
