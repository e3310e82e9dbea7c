"""Counters in the cache, per address and per device cookie, for sending reports and trying codes."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache

DEVICE_COOKIE = "kmm_help_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600

# scope → (attempts, window in seconds) for an address, then for a device
LIMITS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "report": ((30, 3600), (5, 3600)),  # a school's whole class may share one address
    "check": ((60, 900), (10, 900)),
    "misuse": ((30, 3600), (1, 24 * 3600)),  # a device whose reports were marked as misuse
}


def digest(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def device_id(request) -> str:
    """The device cookie's value, or a new one (the view sets it on the response)."""
    existing = request.COOKIES.get(DEVICE_COOKIE, "")
    if len(existing) == 43 and existing.replace("-", "").replace("_", "").isalnum():
        return existing
    return secrets.token_urlsafe(32)


def remember_device(request, response, device: str) -> None:
    if request.COOKIES.get(DEVICE_COOKIE) != device:
        response.set_cookie(
            DEVICE_COOKIE,
            device,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


def allow(scope: str, *, ip_digest: str, device_digest: str) -> bool:
    """Count one attempt against both limits; False once either is used up."""
    (ip_limit, ip_window), (device_limit, device_window) = LIMITS[scope]
    allowed = True
    for who, limit, window in (
        (f"ip:{ip_digest}", ip_limit, ip_window),
        (f"dev:{device_digest}", device_limit, device_window),
    ):
        key = f"helpline:{scope}:{who}"
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)
            count = 1
        allowed = allowed and count <= limit
    return allowed
