"""Per-address counters in the cache: the download beacon and the server fallback cannot be driven in bulk.
A school's whole class may share one address, so the limits are generous."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from contest.throttling import client_address

# scope → (requests, window in seconds) per address
LIMITS: dict[str, tuple[int, int]] = {
    "beacon": (200, 3600),
    "fallback": (60, 3600),
}


def allow(request, scope: str) -> bool:
    limit, window = LIMITS[scope]
    address = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256)
    key = f"frames:{scope}:{address.hexdigest()}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count <= limit
