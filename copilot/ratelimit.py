"""Rate limiters over the cache's backend: in this process's memory by default, in Redis (and so
shared by every process) when CACHE_URL points at Redis."""

from __future__ import annotations

import functools

from django.conf import settings
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter


@functools.cache
def _storage(uri: str) -> Storage:
    return storage_from_string(uri)


def storage() -> Storage:
    location = settings.CACHES["default"].get("LOCATION", "")
    return _storage(location if isinstance(location, str) and location.startswith("redis") else "memory://")


def limiter() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(storage())
