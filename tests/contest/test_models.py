from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contest.enums import Role
from contest.models import Contest, Division, User
from tests.factories import CampaignFactory, ContestFactory, DivisionFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_contest_closing_before_opening_is_refused_with_message():
    contest = ContestFactory.build(campaign=CampaignFactory())
    contest.closes_at = contest.opens_at - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        contest.full_clean()
    assert "Hạn nộp bài phải sau thời điểm mở nhận bài." in error.value.message_dict["closes_at"]


def test_contest_max_files_below_min_is_refused():
    contest = ContestFactory.build(campaign=CampaignFactory(), min_files=4, max_files=2)
    with pytest.raises(ValidationError) as error:
        contest.full_clean()
    assert "max_files" in error.value.message_dict


def test_contest_max_words_below_min_is_refused():
    contest = ContestFactory.build(campaign=CampaignFactory(), min_words=800, max_words=300)
    with pytest.raises(ValidationError) as error:
        contest.full_clean()
    assert "Số chữ tối đa không được nhỏ hơn số chữ tối thiểu." in error.value.message_dict["max_words"]


def test_contest_unknown_media_kind_is_refused():
    contest = ContestFactory.build(campaign=CampaignFactory(), accepted_media_kinds=["exe"])
    with pytest.raises(ValidationError) as error:
        contest.full_clean()
    assert "accepted_media_kinds" in error.value.message_dict


def test_contest_valid_rules_pass():
    contest = ContestFactory.build(
        campaign=CampaignFactory(), min_files=1, max_files=16, min_words=10, max_words=20
    )
    contest.full_clean()


def test_contest_closing_before_opening_is_refused_by_database():
    contest = ContestFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Contest.objects.filter(pk=contest.pk).update(closes_at=contest.opens_at - timedelta(days=1))


def test_division_max_age_below_min_is_refused():
    division = DivisionFactory.build(campaign=CampaignFactory(), min_age=18, max_age=15)
    with pytest.raises(ValidationError) as error:
        division.full_clean()
    assert "Tuổi tối đa không được nhỏ hơn tuổi tối thiểu." in error.value.message_dict["max_age"]


def test_division_age_range_is_enforced_by_database():
    division = DivisionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Division.objects.filter(pk=division.pk).update(max_age=division.min_age - 1)


def test_division_unknown_school_level_is_refused():
    division = DivisionFactory.build(campaign=CampaignFactory(), school_levels=["mau_giao"])
    with pytest.raises(ValidationError):
        division.full_clean()


def test_campaign_ending_before_start_is_refused():
    campaign = CampaignFactory.build(
        slug="x", starts_on=timezone.localdate(), ends_on=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "ends_on" in error.value.message_dict


def test_coordinator_without_school_is_refused():
    user = User(email="gv@khongmotminh.example", role=Role.COORDINATOR)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "school" in error.value.message_dict


def test_coordinator_without_school_is_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="gv2@khongmotminh.example", role=Role.COORDINATOR, school=None)


def test_user_email_is_login_name():
    user = User.objects.create_user("Em@KhongMotMinh.example", "pw-Long-enough-1", school=SchoolFactory())
    assert user.email == "em@khongmotminh.example"
    assert User.USERNAME_FIELD == "email"
