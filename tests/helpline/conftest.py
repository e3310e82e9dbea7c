import pytest
from django.core.cache import cache

from tests.factories import OrganiserFactory

VIETNAMESE = "Có người lạ trên Zalo đòi em gửi ảnh 😢 và bảo em không được nói với bố mẹ. Em sợ lắm!"
WITHOUT_ACCENTS = "co nguoi la tren zalo doi em gui anh, em so lam 🙏"
CONTACT = "Zalo 0912 345 678 – Trần Thị Mỹ Duyên"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(db):
    return OrganiserFactory(
        full_name="Lê Thu Hà", email="thuha.canbo@khongmotminh.example", is_safeguarding_officer=True
    )


@pytest.fixture
def second_officer(db):
    return OrganiserFactory(
        full_name="Phạm Quốc Bảo", email="quocbao.canbo@khongmotminh.example", is_safeguarding_officer=True
    )


@pytest.fixture(autouse=True)
def _mail_is_delivered(immediate_tasks):
    """Officers' letters leave through the task queue; here they are delivered as they are queued so the
    tests can read mail.outbox."""
