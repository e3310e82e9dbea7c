from datetime import timedelta

import pytest
from django.utils import timezone

from contest.enums import SchoolLevel
from tests.factories import CampaignFactory, CoordinatorFactory, OrganiserFactory, SchoolFactory
from tests.factories.reports import ReportingPeriodFactory


@pytest.fixture
def campaign(db):
    today = timezone.localdate()
    return CampaignFactory(starts_on=today - timedelta(days=150), ends_on=today + timedelta(days=60))


@pytest.fixture
def organiser(db):
    return OrganiserFactory(full_name="Trần Minh Quân", email="minhquan.btc@khongmotminh.example")


@pytest.fixture
def school(db):
    return SchoolFactory(name="THCS Lê Quý Đôn", ward="Phường Võ Thị Sáu", pupil_count=800)


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="THPT Nguyễn Thị Minh Khai", ward="Phường Xuân Hòa", level=SchoolLevel.THPT)


@pytest.fixture
def coordinator(school):
    return CoordinatorFactory(school=school, full_name="Cô Nguyễn Thị Lan", email="cothilan@lequydon.example")


@pytest.fixture
def other_coordinator(other_school):
    return CoordinatorFactory(
        school=other_school, full_name="Thầy Phạm Văn Hùng", email="thayhung@nttmk.example"
    )


@pytest.fixture
def period(campaign):
    return ReportingPeriodFactory(campaign=campaign, title="Học kỳ I năm học 2026–2027")
