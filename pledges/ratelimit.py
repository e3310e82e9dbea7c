"""How often signing may be tried: per account (a double tap, a script) and per address (a school's
whole class may share one address, so that limit is generous). Counters live in the cache."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from contest.throttling import client_address

# scope → (attempts, window in seconds)
LIMITS: dict[str, tuple[int, int]] = {
    "account": (8, 600),
    "address": (120, 3600),
}


def _hit(scope: str, value: str) -> bool:
    limit, window = LIMITS[scope]
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()
    key = f"pledges:{scope}:{digest}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def allow_signing(request) -> bool:
    """Counts one attempt to sign; False once the account or the address is over its limit."""
    by_account = _hit("account", str(request.user.pk))
    by_address = _hit("address", client_address(request))
    return by_account and by_address
