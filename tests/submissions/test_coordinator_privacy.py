"""What coordinators see (issue 10, finding 6): only what the notice lists, renditions not originals, no
editing or withdrawing pupils' entries, and a school that is only claimed until the coordinator confirms it."""

import io
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from contest.enums import ContestKind, MediaKind, SchoolClaim
from contest.errors import NotAllowed
from contest.services import decide_school_claim
from submissions.enums import AssetState, EntryState
from submissions.models import Entry
from submissions.services.entries import update_entry, withdraw_entry
from submissions.services.processing import process_asset
from tests.factories import ContestFactory, CoordinatorFactory, EntrantFactory, SchoolFactory
from tests.factories.entries import add_file, draft_entry
from tests.factories.media_files import make_phone_jpeg

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}


@pytest.fixture
def school():
    return SchoolFactory(name="THCS Nguyễn Du")


@pytest.fixture
def coordinator(school):
    return CoordinatorFactory(school=school)


@pytest.fixture
def pupil(school):
    return EntrantFactory(
        school=school,
        full_name="Đỗ Thị Hồng Nhung",
        email="nhung.do@khongmotminh.example",
        class_name="8A2",
        date_of_birth=date(2012, 3, 25),
    )


def _drawing_contest():
    return ContestFactory(
        kind=ContestKind.DRAWING,
        accepted_media_kinds=[MediaKind.IMAGE.value],
        max_duration_seconds=None,
        max_pixels=50_000_000,
    )


def test_coordinator_pages_show_name_class_consent_entries_only(client, coordinator, pupil):
    entry = draft_entry(contest=_drawing_contest(), entrant=pupil)
    client.force_login(coordinator)
    dashboard = client.get(reverse("consent:coordinator")).content.decode()
    detail = client.get(reverse("consent:coordinator_pupil", args=[pupil.pk])).content.decode()
    for page in (dashboard, detail):
        assert "Đỗ Thị Hồng Nhung" in page
        assert "8A2" in page
        assert entry.code in page
        assert "nhung.do@" not in page
        assert "25/03/2012" not in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_pupil_export_has_no_email_or_date_of_birth(client, coordinator, pupil, fmt):
    from openpyxl import load_workbook

    client.force_login(coordinator)
    response = client.get(reverse("consent:coordinator_export", kwargs={"kind": "hoc-sinh", "fmt": fmt}))
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "Đỗ Thị Hồng Nhung" in text
    assert "8A2" in text
    assert "nhung.do@" not in text
    assert "E-mail" not in text
    assert "Ngày sinh" not in text
    assert "25/03/2012" not in text


def test_pupil_search_does_not_match_email(client, coordinator, pupil):
    client.force_login(coordinator)
    page = client.get(reverse("consent:coordinator"), {"q": "nhung.do"}).content.decode()
    assert "Đỗ Thị Hồng Nhung" not in page
    page = client.get(reverse("consent:coordinator"), {"q": "Hồng Nhung"}).content.decode()
    assert "Đỗ Thị Hồng Nhung" in page


def test_coordinator_gets_renditions_never_originals(client, coordinator, pupil, tmp_path, settings):
    settings.TASKS = DUMMY_TASKS
    photo = make_phone_jpeg(tmp_path / "IMG_0042.jpg")
    assert Image.open(photo).getexif().get_ifd(0x8825)  # the original carries GPS
    entry = draft_entry(contest=_drawing_contest(), entrant=pupil)
    asset = add_file(entry=entry, data=photo.read_bytes(), name="IMG_0042.jpg")
    assert process_asset(asset_id=asset.pk) == "ready"
    asset.refresh_from_db()
    assert asset.state == AssetState.READY
    client.force_login(coordinator)
    assert client.get(reverse("submissions:asset_download", args=[asset.pk])).status_code == 404
    detail = client.get(reverse("consent:coordinator_pupil", args=[pupil.pk])).content.decode()
    assert reverse("submissions:asset_download", args=[asset.pk]) not in detail
    images = [r["name"] for r in asset.renditions if r["name"].endswith((".jpg", ".webp"))]
    assert images
    for name in images:
        url = reverse("consent:coordinator_rendition", kwargs={"asset_id": asset.pk, "name": name})
        assert url in detail
        response = client.get(url)
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        image = Image.open(io.BytesIO(data))
        assert not image.getexif().get_ifd(0x8825)
        assert b"iPhone" not in data
    missing = reverse("consent:coordinator_rendition", kwargs={"asset_id": asset.pk, "name": "original"})
    assert client.get(missing).status_code == 404


def test_coordinator_cannot_edit_or_withdraw_pupils_entry(client, coordinator, pupil):
    entry = draft_entry(contest=_drawing_contest(), entrant=pupil, title="Tranh của em")
    client.force_login(coordinator)
    assert client.get(reverse("submissions:edit", args=[entry.pk])).status_code == 404
    response = client.post(reverse("submissions:withdraw", args=[entry.pk]), {"confirm": "on"})
    assert response.status_code == 404
    with pytest.raises(NotAllowed):
        withdraw_entry(entry=entry, actor=coordinator)
    with pytest.raises(NotAllowed):
        update_entry(entry=entry, actor=coordinator, title="Đổi tên", statement="")
    entry.refresh_from_db()
    assert (entry.state, entry.title) == (EntryState.DRAFT, "Tranh của em")


def test_unconfirmed_pupils_are_listed_apart_with_name_only(client, coordinator, school):
    claimant = EntrantFactory(
        school=school,
        school_status=SchoolClaim.CLAIMED,
        full_name="Bùi Anh Tuấn",
        email="tuan.bui@khongmotminh.example",
        class_name="9C-Toán",  # a dash and a Vietnamese letter: never inside a CSRF token by chance
    )
    entry = draft_entry(contest=_drawing_contest(), entrant=claimant)
    client.force_login(coordinator)
    page = client.get(reverse("consent:coordinator")).content.decode()
    claims = page[page.index('id="claims"') :]
    claims = claims[: claims.index("</section>")]
    assert "Bùi Anh Tuấn" in claims
    assert "9C-Toán" not in page
    assert "tuan.bui@" not in page
    assert entry.code not in page
    assert f'data-pupil="{claimant.pk}"' not in page
    assert client.get(reverse("consent:coordinator_pupil", args=[claimant.pk])).status_code == 404
    csv = client.get(reverse("consent:coordinator_export", kwargs={"kind": "hoc-sinh", "fmt": "csv"}))
    assert "Bùi Anh Tuấn" not in csv.content.decode("utf-8-sig")

    response = client.post(
        reverse("consent:coordinator_claim", args=[claimant.pk]), {"decision": "confirmed"}
    )
    assert response.status_code == 302
    claimant.refresh_from_db()
    assert claimant.school_status == SchoolClaim.CONFIRMED
    assert claimant.school_decided_by == coordinator
    assert client.get(reverse("consent:coordinator_pupil", args=[claimant.pk])).status_code == 200
    assert entry.code in client.get(reverse("consent:coordinator")).content.decode()


def test_rejected_claim_keeps_pupil_out_of_the_coordinator_view(client, coordinator, school):
    claimant = EntrantFactory(school=school, school_status=SchoolClaim.CLAIMED, full_name="Lý Gia Bảo")
    client.force_login(coordinator)
    client.post(reverse("consent:coordinator_claim", args=[claimant.pk]), {"decision": "rejected"})
    claimant.refresh_from_db()
    assert claimant.school_status == SchoolClaim.REJECTED
    assert client.get(reverse("consent:coordinator_pupil", args=[claimant.pk])).status_code == 404
    bad = client.post(reverse("consent:coordinator_claim", args=[claimant.pk]), {"decision": "rejected"})
    assert bad.status_code == 302
    claimant.refresh_from_db()
    assert claimant.school_status == SchoolClaim.REJECTED


def test_claim_is_decided_only_by_that_schools_coordinator(client, school):
    claimant = EntrantFactory(school=school, school_status=SchoolClaim.CLAIMED)
    other = CoordinatorFactory(school=SchoolFactory())
    with pytest.raises(NotAllowed):
        decide_school_claim(pupil=claimant, coordinator=other, to_state=SchoolClaim.CONFIRMED)
    client.force_login(other)
    response = client.post(
        reverse("consent:coordinator_claim", args=[claimant.pk]), {"decision": "confirmed"}
    )
    assert response.status_code == 404
    claimant.refresh_from_db()
    assert claimant.school_status == SchoolClaim.CLAIMED


def test_unconfirmed_pupil_cannot_be_acted_for(client, coordinator, school):
    from submissions.services.entries import create_entry

    claimant = EntrantFactory(school=school, school_status=SchoolClaim.CLAIMED)
    with pytest.raises(NotAllowed):
        create_entry(contest=_drawing_contest(), lead_entrant=claimant, actor=coordinator)
    assert not Entry.objects.filter(lead_entrant=claimant).exists()


def test_rules_matrix_for_renditions_withdrawal_and_claims(school, coordinator, pupil):
    from submissions.rules import can_decide_school_claim, can_view_renditions, can_withdraw_entry
    from tests.factories import JudgeFactory, OrganiserFactory

    entry = draft_entry(contest=_drawing_contest(), entrant=pupil)
    claimant = EntrantFactory(school=school, school_status=SchoolClaim.CLAIMED)
    claimant_entry = draft_entry(contest=_drawing_contest(), entrant=claimant)
    cases = {
        # role: (renditions of a confirmed pupil's entry, of a claimant's, withdraw, decide the claim)
        "lead": (pupil, True, False, True, False),
        "coordinator": (coordinator, True, False, False, True),
        "other coordinator": (CoordinatorFactory(school=SchoolFactory()), False, False, False, False),
        "stranger": (EntrantFactory(), False, False, False, False),
        "judge": (JudgeFactory(), False, False, False, False),
        "organiser": (OrganiserFactory(), False, False, False, False),
    }
    for label, (user, renditions, claimant_renditions, withdraw, decide) in cases.items():
        assert can_view_renditions(user, entry) is renditions, label
        assert can_view_renditions(user, claimant_entry) is claimant_renditions, label
        assert can_withdraw_entry(user, entry) is withdraw, label
        assert can_decide_school_claim(user, claimant) is decide, label


def test_rendition_of_another_schools_pupil_is_404(client, coordinator, tmp_path, settings):
    settings.TASKS = DUMMY_TASKS
    photo = make_phone_jpeg(tmp_path / "IMG_0043.jpg")
    entry = draft_entry(contest=_drawing_contest(), entrant=EntrantFactory(school=SchoolFactory()))
    asset = add_file(entry=entry, data=photo.read_bytes(), name="IMG_0043.jpg")
    assert process_asset(asset_id=asset.pk) == "ready"
    asset.refresh_from_db()
    client.force_login(coordinator)
    for rendition in asset.renditions:
        url = reverse(
            "consent:coordinator_rendition", kwargs={"asset_id": asset.pk, "name": rendition["name"]}
        )
        assert client.get(url).status_code == 404
