"""Providers that keep failing are left alone for a while, by every process (the Django cache).

A provider that fails ``LLM_COOLDOWN_FAILURES`` times (unavailable, rate limited or timed out,
after the SDK's retries) with no success between, the failures within ``LLM_COOLDOWN_SECONDS``
of the first, is cooling down for ``LLM_COOLDOWN_SECONDS``: calls to it are not made, and a
route's fallback answers instead. The cache must be shared (CACHE_URL) for several processes to
agree; with the default per-process cache each process keeps its own count.
"""

from __future__ import annotations

import time

import structlog
from django.conf import settings
from django.core.cache import cache

from copilot.errors import ErrorCode
from copilot.gateway.provider import LLMError

logger = structlog.get_logger(__name__)

# The failures that say the provider is in trouble, not that the request or the key was wrong:
# they count towards a cooldown, and a route's fallback answers them.
PROVIDER_TROUBLE = frozenset(
    {ErrorCode.PROVIDER_UNAVAILABLE, ErrorCode.PROVIDER_RATE_LIMITED, ErrorCode.PROVIDER_TIMEOUT}
)


class CoolingDown(LLMError):
    """The provider was not asked: it is cooling down."""

    def __init__(self, provider: str, seconds_left: float):
        super().__init__(
            ErrorCode.PROVIDER_UNAVAILABLE,
            f"The provider {provider} is cooling down after repeated failures; it was not asked "
            f"(about {max(1, round(seconds_left))} s left).",
            retry_after=max(1, round(seconds_left)),
        )


def _failures_key(provider: str) -> str:
    return f"copilot:cooldown:failures:{provider}"


def _until_key(provider: str) -> str:
    return f"copilot:cooldown:until:{provider}"


def seconds_left(provider: str) -> float:
    """How long ``provider`` still cools down; 0 when it may be asked."""
    until = cache.get(_until_key(provider))
    return max(0.0, until - time.time()) if until else 0.0


def check(provider: str) -> None:
    """Raise ``CoolingDown`` when ``provider`` may not be asked now."""
    left = seconds_left(provider)
    if left > 0:
        raise CoolingDown(provider, left)


def failure_record(provider: str, code: str) -> None:
    if code not in PROVIDER_TROUBLE:
        return
    key, period = _failures_key(provider), settings.LLM_COOLDOWN_SECONDS
    if cache.add(key, 1, timeout=period):
        failures = 1
    else:
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=period)
            failures = 1
    if failures >= settings.LLM_COOLDOWN_FAILURES:
        cache.set(_until_key(provider), time.time() + period, timeout=period)
        cache.delete(key)
        logger.warning("llm_provider_cooling_down", provider=provider, failures=failures, seconds=period)


def success_record(provider: str) -> None:
    """A success ends a run of failures."""
    cache.delete(_failures_key(provider))
