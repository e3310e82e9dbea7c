"""The verify page (every consent combination for the name line), the pupil's own certificates, the
coordinator's ZIP, the organiser's preview and revocation, and every id attacked."""

import io
import itertools
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from certificates.enums import CertificateKind, CertificateState
from certificates.models import Certificate
from certificates.services import issue_certificates, revoke_certificate
from contest.enums import PrizeTier, SchoolClaim
from privacy.enums import ConsentGiver, ConsentMethod, ConsentPurpose
from submissions.enums import EntryState
from tests.factories import (
    ContestFactory,
    CoordinatorFactory,
    EntrantFactory,
    JudgeFactory,
    OrganiserFactory,
    SchoolFactory,
)
from tests.factories.certificates import RARE_NAME, award, judged_entry, published_result, template
from tests.factories.privacy import ConsentFactory, give_full_consent

pytestmark = pytest.mark.django_db


def _years_ago(years: int) -> date:
    today = date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def _issue(*pupils, contest=None, tier=PrizeTier.FIRST):
    contest = contest or ContestFactory(title="Cuộc thi Tranh vẽ “Không một mình”")
    result = published_result(contest=contest)
    for position, pupil in enumerate(pupils, start=1):
        entry = judged_entry(contest=contest, entrant=pupil, state=EntryState.AWARDED)
        award(result=result, entry=entry, tier=tier, position=position)
    issue_certificates(result=result, actor=None)
    return result


def _award_of(pupil) -> Certificate:
    return Certificate.objects.get(holder=pupil, kind=CertificateKind.AWARD)


# --- the public verify page ----------------------------------------------------------------------------

PURPOSES = (ConsentPurpose.DISPLAY_WORK, ConsentPurpose.DISPLAY_IDENTITY)
GIVERS = (ConsentGiver.ENTRANT, ConsentGiver.GUARDIAN)
COMBINATIONS = [
    (age, frozenset(given))
    for age in (13, 17)
    for size in range(5)
    for given in itertools.combinations(itertools.product(PURPOSES, GIVERS), size)
]


def _in_force(purpose, given, age) -> bool:
    own = (purpose, ConsentGiver.ENTRANT) in given
    guardian = (purpose, ConsentGiver.GUARDIAN) in given
    return own and (guardian or age >= 16)


@pytest.mark.parametrize(
    ("age", "given"), COMBINATIONS, ids=lambda v: str(sorted(v)) if isinstance(v, frozenset) else f"age{v}"
)
def test_verify_page_names_the_holder_only_as_consent_allows(client, age, given):
    pupil = EntrantFactory(full_name="Nguyễn Thị Ngọc Huyền", date_of_birth=_years_ago(age))
    give_full_consent(pupil)  # taking part: own and guardian
    for purpose, giver in given:
        method = ConsentMethod.ACCOUNT if giver == ConsentGiver.ENTRANT else ConsentMethod.GUARDIAN_LINK
        ConsentFactory(subject=pupil, purpose=purpose, giver=giver, method=method)
    _issue(pupil)
    certificate = _award_of(pupil)
    certificate.printed_name = "Ngọc Huyền"
    certificate.save()
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Còn hiệu lực" in html
    assert (
        "Cuộc thi Tranh vẽ “Không một mình”" in html
        or "Cuộc thi Tranh vẽ &ldquo;" in html
        or "Tranh vẽ" in html
    )
    assert "Giải Nhất" in html
    assert "Nguyễn Thị Ngọc Huyền" not in html  # the full name is on paper only
    if _in_force(ConsentPurpose.DISPLAY_IDENTITY, given, age):
        assert "Ngọc Huyền" in html
    elif _in_force(ConsentPurpose.DISPLAY_WORK, given, age):
        assert "Huyền N." in html
        assert "Ngọc Huyền" not in html
    else:
        assert "Huyền" not in html
        assert "Không công khai theo lựa chọn của thí sinh" in html


def test_verify_page_never_shows_the_school_or_entry(client):
    school = SchoolFactory(name="THCS Chu Văn An")
    pupil = EntrantFactory(full_name="Trần Văn Ữ", school=school, date_of_birth=_years_ago(17))
    give_full_consent(pupil, purposes=list(ConsentPurpose), guardian=False)
    _issue(pupil)
    certificate = _award_of(pupil)
    html = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "Trần Văn Ữ" in html
    assert "Chu Văn An" not in html
    assert certificate.entry.code not in html


def test_revoked_certificate_shows_no_longer_valid(client):
    pupil = EntrantFactory()
    _issue(pupil)
    certificate = _award_of(pupil)
    revoke_certificate(certificate=certificate, actor=OrganiserFactory(), reason="Bài bị loại sau công bố.")
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không còn hiệu lực" in html
    assert "Bài bị loại sau công bố." not in html  # the reason is for organisers


@pytest.mark.parametrize("code", ["khong-co-ma-nay", "A" * 64, "A" * 200, "1", "%20"])
def test_unknown_code_is_a_404_page_in_words(client, code):
    response = client.get(f"/chung-nhan/{code}/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_verify_page_is_not_indexed_nor_referred(client):
    pupil = EntrantFactory()
    _issue(pupil)
    response = client.get(reverse("certificates:verify", args=[_award_of(pupil).code]))
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_verify_page_in_english(client):
    pupil = EntrantFactory()
    _issue(pupil)
    response = client.get("/en" + reverse("certificates:verify", args=[_award_of(pupil).code]))
    assert response.status_code == 200
    assert "This certificate was issued by the organisers and is valid." in response.content.decode()


# --- the pupil's own -----------------------------------------------------------------------------------


def test_pupil_lists_and_downloads_only_own(client, django_assert_max_num_queries):
    mine, other = EntrantFactory(full_name="Lê Thị Ỷ Lan"), EntrantFactory(full_name="Phan Văn Ẵm")
    _issue(mine, other)
    client.force_login(mine)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("certificates:mine"))
    html = page.content.decode()
    assert "Lê Thị Ỷ Lan" in html
    assert "Phan Văn Ẵm" not in html
    own = _award_of(mine)
    response = client.get(reverse("certificates:download", args=[own.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Lê Thị Ỷ Lan" in text
    for certificate in Certificate.objects.filter(holder=other):
        assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404
        response = client.post(reverse("certificates:rename", args=[certificate.pk]), {"printed_name": "Ẵm"})
        assert response.status_code == 404
    assert client.get(reverse("certificates:download", args=[999999])).status_code == 404


def test_pupil_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    pupil = EntrantFactory()
    for _ in range(6):
        _issue(pupil)
    client.force_login(pupil)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("certificates:mine"))
    assert response.content.decode().count("certificate-") >= 12


def test_revoked_certificate_is_listed_but_not_downloadable(client):
    pupil = EntrantFactory()
    _issue(pupil)
    certificate = _award_of(pupil)
    revoke_certificate(certificate=certificate, actor=OrganiserFactory(), reason="Sai sót.")
    client.force_login(pupil)
    assert "Không còn hiệu lực" in client.get(reverse("certificates:mine")).content.decode()
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404


def test_pupil_chooses_the_printed_name(client):
    pupil = EntrantFactory(full_name="Nguyễn Thị Ngọc Huyền")
    _issue(pupil)
    certificate = _award_of(pupil)
    client.force_login(pupil)
    url = reverse("certificates:rename", args=[certificate.pk])
    response = client.post(url, {"printed_name": "Ngọc Huyền"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.printed_name == "Ngọc Huyền"
    response = client.post(url, {"printed_name": "Siêu nhân"})
    assert response.status_code == 400
    assert (
        "chỉ gồm các chữ trong họ và tên" in response.content.decode()
        or "giữ tên của em" in response.content.decode()
    )
    certificate.refresh_from_db()
    assert certificate.printed_name == "Ngọc Huyền"


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "judge", "organiser"])
def test_others_cannot_open_a_pupils_certificate(client, role):
    pupil = EntrantFactory()
    _issue(pupil)
    certificate = _award_of(pupil)
    people = {
        "coordinator": lambda: CoordinatorFactory(school=pupil.school),
        "judge": JudgeFactory,
        "organiser": OrganiserFactory,
    }
    if role != "anonymous":
        client.force_login(people[role]())
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code in {302, 404}
    assert response.get("Content-Type") != "application/pdf"


# --- the coordinator's school -------------------------------------------------------------------------


def _zip_names(response) -> list[str]:
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return archive.namelist()


def test_coordinator_zip_holds_only_own_confirmed_pupils(client, django_assert_max_num_queries):
    school, elsewhere = SchoolFactory(name="THCS Ngô Sĩ Liên"), SchoolFactory()
    ours = [EntrantFactory(school=school, full_name=f"Đặng Thị Ữ {i}") for i in range(3)]
    claimed = EntrantFactory(school=school, school_status=SchoolClaim.CLAIMED, full_name="Lạ Văn Mặt")
    theirs = EntrantFactory(school=elsewhere, full_name="Người Trường Khác")
    _issue(*ours, claimed, theirs)
    coordinator = CoordinatorFactory(school=school)
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("certificates:school"))
    assert page.status_code == 200
    response = client.get(reverse("certificates:school_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response.streaming
    names = _zip_names(response)
    assert len(names) == 6  # three pupils, a prize and a participation certificate each
    assert all("dang-thi-u" in name for name in names)
    assert not any("la-van-mat" in n or "nguoi-truong-khac" in n for n in names)


def test_coordinator_zip_filtered_by_contest_and_ids_attacked(client):
    school = SchoolFactory()
    pupil = EntrantFactory(school=school)
    first = _issue(pupil)
    _issue(pupil)
    client.force_login(CoordinatorFactory(school=school))
    url = reverse("certificates:school_zip")
    assert len(_zip_names(client.get(url, {"cuoc_thi": first.contest_id}))) == 2
    assert client.get(url, {"cuoc_thi": "999999"}).status_code == 404
    assert client.get(url, {"cuoc_thi": "1 OR 1=1"}).status_code == 404
    other_contest = ContestFactory()
    assert client.get(url, {"cuoc_thi": other_contest.pk}).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "entrant", "judge", "organiser", "coordinator_other"])
def test_school_pages_only_for_coordinators(client, role):
    school = SchoolFactory()
    _issue(EntrantFactory(school=school))
    people = {
        "entrant": lambda: EntrantFactory(school=school),
        "judge": JudgeFactory,
        "organiser": OrganiserFactory,
        "coordinator_other": lambda: CoordinatorFactory(school=SchoolFactory()),
    }
    if role != "anonymous":
        client.force_login(people[role]())
    response = client.get(reverse("certificates:school_zip"))
    if role == "coordinator_other":
        assert response.status_code == 404
    else:
        assert response.status_code in {302, 404}
    page = client.get(reverse("certificates:school"))
    assert page.status_code in {200, 302, 404}
    assert "Đặng" not in page.content.decode()


# --- the organisers ------------------------------------------------------------------------------------


def test_organiser_previews_a_template_with_the_long_sample_name(client):
    t = template(contest=ContestFactory())
    client.force_login(OrganiserFactory())
    response = client.get(reverse("certificates_preview", args=[t.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert RARE_NAME in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    response = client.get(reverse("certificates_preview", args=[t.pk]), {"loai": "participation"})
    assert "Đã tham gia cuộc thi" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert client.get(reverse("certificates_preview", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", ["entrant", "judge", "coordinator"])
def test_preview_and_revoke_refused_to_non_organisers(client, role):
    t = template()
    pupil = EntrantFactory()
    _issue(pupil)
    certificate = _award_of(pupil)
    client.force_login(
        {"entrant": EntrantFactory, "judge": JudgeFactory, "coordinator": CoordinatorFactory}[role]()
    )
    assert client.get(reverse("certificates_preview", args=[t.pk])).status_code in {302, 403, 404}
    response = client.post(reverse("certificates_change_state", args=[certificate.pk]), {"reason": "x"})
    assert response.status_code in {302, 403, 404}
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.ISSUED


def test_organiser_revokes_and_reinstates_with_a_reason(client):
    pupil = EntrantFactory()
    _issue(pupil)
    certificate = _award_of(pupil)
    client.force_login(OrganiserFactory())
    url = reverse("certificates_change_state", args=[certificate.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Bài bị loại do đạo văn."}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.REVOKED
    assert client.post(url, {"reason": "Nhầm lẫn, khôi phục."}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.ISSUED
    assert client.get(reverse("certificates_change_state", args=[999999])).status_code == 404


def test_admin_lists_render_for_organisers(client):
    template(contest=ContestFactory())
    _issue(EntrantFactory())
    client.force_login(OrganiserFactory())
    for name in ("certificatetemplate", "certificate"):
        response = client.get(reverse(f"wagtailsnippets_certificates_{name}:list"))
        assert response.status_code == 200, name
    assert client.get(reverse("wagtailsnippets_certificates_certificatetemplate:add")).status_code == 200


# --- where pupils and coordinators find them -------------------------------------------------------


def test_entry_page_offers_the_pupils_own_certificates(client):
    pupil = EntrantFactory()
    _issue(pupil)
    certificate = _award_of(pupil)
    client.force_login(pupil)
    html = client.get(reverse("submissions:edit", args=[certificate.entry_id])).content.decode()
    assert reverse("certificates:download", args=[certificate.pk]) in html
    revoke_certificate(certificate=certificate, actor=OrganiserFactory(), reason="Sai sót.")
    html = client.get(reverse("submissions:edit", args=[certificate.entry_id])).content.decode()
    assert reverse("certificates:download", args=[certificate.pk]) not in html


def test_coordinator_dashboard_links_to_the_schools_certificates(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    html = client.get(reverse("consent:coordinator")).content.decode()
    assert reverse("certificates:school") in html
