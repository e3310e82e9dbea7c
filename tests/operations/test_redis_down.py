"""Redis down (issue 15): with the cache and session cache pointing at a Redis that does not answer, a pupil
still signs in and keeps her session (sessions live in the database; the cache is a speed-up), and the help
page's rate limit degrades to "not counted" instead of failing."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import EntrantFactory

pytestmark = pytest.mark.django_db
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "cms.cache.ResilientRedisCache", "LOCATION": DEAD_REDIS}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return settings


def test_sign_in_works_with_redis_down(client, redis_down):
    pupil = EntrantFactory(email="ngoc.anh@example.vn", full_name="Vũ Ngọc Ánh")
    pupil.set_password("Mật-khẩu-dài-2026")
    pupil.save()
    assert cache.get("anything") is None

    response = client.post(
        reverse("accounts:login"), {"username": "ngoc.anh@example.vn", "password": "Mật-khẩu-dài-2026"}
    )

    assert response.status_code == 302, response.content.decode()[:500]
    page = client.get(reverse("submissions:my_entries"))
    assert page.status_code == 200
    assert page.wsgi_request.user.pk == pupil.pk


def test_cache_calls_read_as_misses_when_redis_is_down(redis_down):
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.get("k", "mặc định") == "mặc định"
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError, match="unavailable"):
        cache.incr("k")
