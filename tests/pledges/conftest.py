from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import CoordinatorFactory, EntrantFactory, OrganiserFactory, SchoolFactory
from tests.factories.parents import ParentFactory


def years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1)


@pytest.fixture(autouse=True)
def _commitments(request):
    """The seeded commitments, again when a transactional test elsewhere has emptied the tables."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from pledges.defaults import ensure_default_commitments

    ensure_default_commitments()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school():
    return SchoolFactory(name="THCS Nguyễn Du", ward="Phường Bến Thành", code="THCS-ND-01")


@pytest.fixture
def other_school():
    return SchoolFactory(name="THCS Trần Văn Ơn", ward="Phường Sài Gòn", code="THCS-TVO-02")


@pytest.fixture
def pupil(school):
    """Fourteen: her name needs a guardian's consent as well as her own wish."""
    return EntrantFactory(full_name="Nguyễn Thị Lan", date_of_birth=years_ago(14), school=school)


@pytest.fixture
def student(school):
    return EntrantFactory(full_name="Trần Minh Anh", date_of_birth=years_ago(17), school=school)


@pytest.fixture
def teacher(school):
    return CoordinatorFactory(full_name="Lê Văn Hùng", date_of_birth=date(1985, 3, 1), school=school)


@pytest.fixture
def parent():
    return ParentFactory(full_name="Võ Thị Hạnh", email="me.hanh@example.vn")


@pytest.fixture
def organiser():
    return OrganiserFactory(full_name="Phạm Quốc Bảo")
