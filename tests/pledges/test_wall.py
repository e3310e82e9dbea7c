"""The public wall: counts at once, messages only once approved, names only as consented, keyset pages,
the live counts endpoint, and a constant number of queries whatever the number of signatures."""

import json

import pytest
from django.urls import reverse

from contest.enums import SchoolClaim
from pledges import selectors
from privacy.enums import ConsentPurpose
from tests.factories import EntrantFactory, SchoolFactory
from tests.factories.pledges import bulk_sign, sign
from tests.factories.privacy import give_full_consent
from tests.pledges.conftest import years_ago

pytestmark = pytest.mark.django_db
WALL = reverse("pledges:wall")


def test_the_wall_counts_a_signature_at_once_and_shows_its_message_only_once_approved(
    client, pupil, organiser, school
):
    pledge = sign(pupil, message="Em hứa không đi gặp người lạ một mình – Lan-ơi")
    page = client.get(WALL).content.decode()
    assert '<span id="pledge-total" data-count="total">1</span>' in page
    assert "Em hứa không đi gặp người lạ một mình" not in page
    from pledges.services import approve_message

    approve_message(pledge=pledge, actor=organiser)
    page = client.get(WALL).content.decode()
    assert "Em hứa không đi gặp người lạ một mình – Lan-ơi" in page
    assert f'id="pledge-message-{pledge.pk}"' in page


def test_names_as_consented(organiser, school):
    young = EntrantFactory(full_name="Nguyễn Thị Lan", date_of_birth=years_ago(14), school=school)
    young_consented = EntrantFactory(full_name="Phạm Thu Hà", date_of_birth=years_ago(13), school=school)
    give_full_consent(young_consented, purposes=(ConsentPurpose.DISPLAY_IDENTITY,), guardian=True)
    young_own_only = EntrantFactory(full_name="Đỗ Văn Khoa", date_of_birth=years_ago(13), school=school)
    give_full_consent(young_own_only, purposes=(ConsentPurpose.DISPLAY_IDENTITY,), guardian=False)
    older = EntrantFactory(full_name="Trần Minh Anh", date_of_birth=years_ago(17), school=school)
    quiet = EntrantFactory(full_name="Lý Thị Mai", date_of_birth=years_ago(17), school=school)
    claimed = EntrantFactory(
        full_name="Hồ Văn Tú", date_of_birth=years_ago(17), school=school, school_status=SchoolClaim.CLAIMED
    )
    pledges = {
        "young": sign(young, message="a", show_name=True),
        "young_consented": sign(young_consented, message="b", show_name=True),
        "young_own_only": sign(young_own_only, message="c", show_name=True),
        "older": sign(older, message="d", show_name=True),
        "quiet": sign(quiet, message="e", show_name=False),
        "claimed": sign(claimed, message="f", show_name=False),
    }
    credits = selectors.credits_for(pledges.values())
    text = {key: credits[p.pk].text for key, p in pledges.items()}
    assert text["young"] == "Một bạn học sinh trường THCS Nguyễn Du"
    assert text["young_consented"] == "Hà P. · Học sinh trường THCS Nguyễn Du"
    assert text["young_own_only"] == "Một bạn học sinh trường THCS Nguyễn Du"
    assert text["older"] == "Anh T. · Học sinh trường THCS Nguyễn Du"
    assert text["quiet"] == "Một bạn học sinh trường THCS Nguyễn Du"
    # A school the school has not confirmed is never printed beside a pupil.
    assert text["claimed"] == "Một bạn học sinh"
    for full in ("Nguyễn Thị Lan", "Phạm Thu Hà", "Trần Minh Anh", "Lý Thị Mai"):
        assert all(full not in value for value in text.values())


def test_teachers_and_parents_credits(teacher, parent):
    named_teacher = sign(teacher, show_name=True)
    named_parent = sign(parent, show_name=True)
    credits = selectors.credits_for([named_teacher, named_parent])
    assert credits[named_teacher.pk].text == "Hùng L. · Thầy cô trường THCS Nguyễn Du"
    assert credits[named_parent.pk].text == "Hạnh V. · Phụ huynh"


def test_the_wall_never_shows_full_names_classes_or_emails(client, organiser, school):
    pupil = EntrantFactory(
        full_name="Nguyễn Thị Ngọc-Ánh", date_of_birth=years_ago(17), school=school, class_name="8A-Một"
    )
    sign(pupil, message="Cùng nhau an toàn nhé!", show_name=True, approve_by=organiser)
    page = client.get(WALL).content.decode()
    assert "Ngọc-Ánh N. · Học sinh trường THCS Nguyễn Du" in page
    assert "Nguyễn Thị Ngọc-Ánh" not in page
    assert "8A-Một" not in page
    assert pupil.email not in page


def test_counts_per_school_and_ward_and_the_json_endpoint(client, pupil, student, school, other_school):
    sign(pupil)
    sign(student)
    sign(EntrantFactory(school=other_school))
    data = json.loads(client.get(reverse("pledges:counts")).content)
    assert data["total"] == 3
    assert data["schools"][0] == {"name": "THCS Nguyễn Du", "ward": "Phường Bến Thành", "count": 2}
    assert {"name": "Phường Sài Gòn", "count": 1} in data["wards"]
    assert data["my_school"] is None
    client.force_login(pupil)
    data = json.loads(client.get(reverse("pledges:counts")).content)
    assert data["my_school"] == {"name": "THCS Nguyễn Du", "count": 2}
    assert data["my_ward"] == {"name": "Phường Bến Thành", "count": 2}
    page = client.get(WALL).content.decode()
    assert 'data-count="my_school">2<' in page
    assert "wall.js" in page
    assert "<script>" not in page


def test_keyset_pages(client, organiser):
    schools = [SchoolFactory(), SchoolFactory()]
    bulk_sign(selectors.WALL_PAGE_SIZE * 2 + 10, schools=schools, approved_every=1, prefix="trang")
    first, cursor = selectors.wall_messages()
    second, cursor2 = selectors.wall_messages(after=cursor)
    third, cursor3 = selectors.wall_messages(after=cursor2)
    assert len(first) == len(second) == selectors.WALL_PAGE_SIZE
    assert len(third) == 10
    assert cursor3 == ""
    seen = [m.pk for m in first + second + third]
    assert len(set(seen)) == len(seen)
    page = client.get(WALL, {"sau": cursor}).content.decode()
    assert f'id="pledge-message-{second[0].pk}"' in page
    for bad in ("abc", "1-", "-1", "99999999999999999999999-1", "1" * 30):
        assert client.get(WALL, {"sau": bad}).status_code == 200


@pytest.mark.parametrize("n", [10, 300])
def test_the_wall_reads_the_same_number_of_queries_at_10_and_300_signatures(
    client, n, django_assert_num_queries
):
    schools = [SchoolFactory(ward=f"Phường Số {i}") for i in range(4)]
    bulk_sign(n, schools=schools, prefix=f"q{n}")
    client.get(WALL)  # the first page ever drawn creates the site's settings rows
    # The page frame (site settings, menus) plus: commitments, city and wards, schools, messages, the
    # consents behind the names and the privacy settings.
    with django_assert_num_queries(QUERIES):
        response = client.get(WALL)
    assert response.status_code == 200
    with django_assert_num_queries(2):
        client.get(reverse("pledges:counts"))


QUERIES = 12
