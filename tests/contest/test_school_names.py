"""Typed schools (issue 9, item 6): matched to the school list, merged by organisers, used everywhere."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.enums import SchoolClaim, SchoolLevel
from contest.errors import NotAllowed
from contest.models import SchoolAlias, User
from contest.school_names import fold_school_name, similarity
from contest.selectors import match_typed_school, school_suggestions, typed_school_groups
from contest.services import merge_typed_school, register_entrant
from judging.selectors import has_conflict
from tests.factories import (
    CoordinatorFactory,
    EntrantFactory,
    EntryFactory,
    JudgeFactory,
    OrganiserFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

CHU_VAN_AN_SPELLINGS = [
    "THPT Chu Văn An",
    "thpt chu van an",
    "Trường THPT Chu Văn An - Hà Nội",
    "TRƯỜNG THPT CHU VĂN AN",
    "Trung học phổ thông Chu Văn An",
    "trường thpt chu văn an, Hà Nội",
    "THPT  Chu-Văn-An",
    "THPT Chu Văn Ann",  # typo
    "THPT Chu Văn Aan",  # typo
    "THPT Chuu Van An",  # typo
]


@pytest.fixture
def schools():
    return {
        "chu_van_an": SchoolFactory(name="THPT Chu Văn An", level=SchoolLevel.THPT),
        "thcs_chu_van_an": SchoolFactory(name="THCS Chu Văn An", level=SchoolLevel.THCS),
        "tran_phu": SchoolFactory(name="THPT Trần Phú", level=SchoolLevel.THPT),
        "le_loi": SchoolFactory(name="THCS Lê Lợi", level=SchoolLevel.THCS),
    }


def _register(typed: str, email: str) -> User:
    born = timezone.localdate().replace(year=timezone.localdate().year - 16) - timedelta(days=5)
    return register_entrant(
        email=email,
        password="Mot-mat-khau-dai-2026",
        full_name="Phan Thu Hà",
        date_of_birth=born,
        school=None,
        school_other=typed,
    )


def test_fold_school_name_drops_accents_prefix_and_place():
    for spelling in CHU_VAN_AN_SPELLINGS[:7]:
        assert fold_school_name(spelling) == "thpt chu van an", spelling
    assert fold_school_name("Trường THCS Đoàn Thị Điểm") == "thcs doan thi diem"


@pytest.mark.parametrize("typed", CHU_VAN_AN_SPELLINGS)
def test_typed_school_matches_the_listed_one(schools, typed):
    assert match_typed_school(typed) == schools["chu_van_an"]


def test_typed_school_of_another_level_does_not_match(schools):
    assert similarity(fold_school_name("THCS Chu Văn An"), fold_school_name("THPT Chu Văn An")) == 0
    assert match_typed_school("Trường THCS Chu Văn An") == schools["thcs_chu_van_an"]


def test_ambiguous_or_unknown_typed_school_is_left_for_organisers(schools):
    assert match_typed_school("Chu Văn An") is None  # THCS or THPT: not sure enough
    assert {s for s, _ in school_suggestions("Chu Văn An")} == {
        schools["chu_van_an"],
        schools["thcs_chu_van_an"],
    }
    assert match_typed_school("THPT Nguyễn Thị Minh Khai") is None
    assert match_typed_school("Ngoài nhà trường") is None


def test_registration_matches_typed_school_and_keeps_it_claimed(schools):
    pupil = _register("Trường THPT Chu Văn An - Hà Nội", "ha.phan@khongmotminh.example")
    assert pupil.school == schools["chu_van_an"]
    assert pupil.school_other == "Trường THPT Chu Văn An - Hà Nội"
    assert pupil.school_status == SchoolClaim.CLAIMED


def test_registration_through_the_form_matches_typed_school(client, schools):
    born = timezone.localdate().replace(year=timezone.localdate().year - 16) - timedelta(days=5)
    response = client.post(
        reverse("accounts:register"),
        {
            "full_name": "Vũ Hoàng Long",
            "email": "long.vu@khongmotminh.example",
            "date_of_birth": born.strftime("%d/%m/%Y"),
            "school": "",
            "school_other": "thpt chu van an",
            "class_name": "11A3",
            "password1": "Mot-mat-khau-dai-2026",
            "password2": "Mot-mat-khau-dai-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="long.vu@khongmotminh.example").school == schools["chu_van_an"]


def test_merge_moves_pupils_and_later_registrations(schools):
    first = _register("THPT Ng. Thị Minh Khai", "a@khongmotminh.example")
    second = _register("thpt ng thi minh khai", "b@khongmotminh.example")
    assert first.school is None
    groups = typed_school_groups()
    assert [g["pupils"] for g in groups] == [2]
    target = SchoolFactory(name="THPT Nguyễn Thị Minh Khai", level=SchoolLevel.THPT)
    assert (
        merge_typed_school(typed_name="THPT Ng. Thị Minh Khai", school=target, actor=OrganiserFactory()) == 2
    )
    for pupil in (first, second):
        pupil.refresh_from_db()
        assert (pupil.school, pupil.school_status) == (target, SchoolClaim.CLAIMED)
    assert SchoolAlias.objects.get().school == target
    later = _register("THPT NG THỊ MINH KHAI - Hà Nội", "c@khongmotminh.example")
    assert later.school == target
    assert typed_school_groups() == []


def test_merge_is_for_organisers_only(schools):
    _register("THPT Ng. Thị Minh Khai", "a@khongmotminh.example")
    with pytest.raises(NotAllowed):
        merge_typed_school(
            typed_name="THPT Ng. Thị Minh Khai",
            school=schools["tran_phu"],
            actor=CoordinatorFactory(school=schools["tran_phu"]),
        )
    assert not SchoolAlias.objects.exists()


def test_merged_school_counts_for_conflicts_of_interest_and_coordinator(client, schools):
    pupil = _register("THPT Phan Đình Phùng (Ba Đình)", "d@khongmotminh.example")
    entry = EntryFactory(lead_entrant=pupil)
    target = SchoolFactory(name="Trường THPT Phan Đình Phùng", level=SchoolLevel.THPT)
    judge = JudgeFactory(school=target)
    assert not has_conflict(judge=judge, entry=entry)
    merge_typed_school(typed_name="THPT Phan Đình Phùng (Ba Đình)", school=target, actor=OrganiserFactory())
    assert has_conflict(judge=judge, entry=entry)
    client.force_login(CoordinatorFactory(school=target))
    page = client.get(reverse("consent:coordinator")).content.decode()
    assert f'data-claim="{pupil.pk}"' in page


def test_typed_schools_screen_lists_and_merges(client, schools):
    _register("thpt tran phu", "e@khongmotminh.example")  # matched at once, not listed
    pupil = _register("Trường Hy Vọng", "f@khongmotminh.example")
    client.force_login(OrganiserFactory())
    page = client.get(reverse("typed_schools")).content.decode()
    assert "Trường Hy Vọng" in page
    assert "thpt tran phu" not in page
    response = client.post(
        reverse("typed_schools"), {"typed_name": "Trường Hy Vọng", "school": schools["le_loi"].pk}
    )
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.school == schools["le_loi"]
    bad = client.post(reverse("typed_schools"), {"typed_name": "Trường Hy Vọng", "school": "không-có"})
    assert bad.status_code == 400


def test_typed_schools_screen_refuses_non_organisers(client):
    client.force_login(EntrantFactory())
    assert client.get(reverse("typed_schools")).status_code in {302, 403}
