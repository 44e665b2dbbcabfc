"""Providers that keep failing are left alone for a while, by every process (the Django cache):
a half-open circuit breaker.

A provider that fails ``LLM_COOLDOWN_FAILURES`` times (unavailable, rate limited or timed out,
after the SDK's retries) with no success between, the failures within ``LLM_COOLDOWN_SECONDS``
of the first, is cooling down for ``LLM_COOLDOWN_SECONDS``. The cooldown only decides where a call
goes: a route with a fallback skips straight to it; a call with nothing to fall back to may be
the provider's *trial*, one at a time (a slot taken with an atomic ``cache.add``, with an expiry
so that a process that dies mid-trial does not hold it), and the others are refused at once with
a Retry-After rather than queued behind a provider that is probably down. Any success ends the
cooldown; a failure while cooling starts it again. The cache must be shared (CACHE_URL) for
several processes to agree; with the default per-process cache each process keeps its own.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

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


# The SDK waits at most about 8 s between its retries; a trial's slot outlives the slowest trial.
BACKOFF_MARGIN_SECONDS = 10


class CoolingDown(LLMError):
    """The provider was not asked: it is cooling down (and, without a fallback, another call is
    its trial)."""

    def __init__(self, provider: str, seconds_left: float, *, trial_under_way: bool = False):
        why = "; another call is trying it now" if trial_under_way else ""
        super().__init__(
            ErrorCode.PROVIDER_UNAVAILABLE,
            f"The provider {provider} is cooling down after repeated failures{why}; it was not asked "
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


def trial_under_way(provider: str) -> bool:
    return cache.get(_trial_key(provider)) is not None


@contextmanager
def admission(provider: str, *, fallback: bool) -> Iterator[None]:
    """Around one call to ``provider``: raises ``CoolingDown`` when the call should not ask it.

    Not cooling: the call goes ahead. Cooling, with a ``fallback``: the call skips to it. Cooling,
    with no fallback: the call goes ahead as the provider's trial if no other call is one, and
    gives the trial's slot back however it ends (an answer, an error, a consumer gone)."""
    left = seconds_left(provider)
    if not left:
        yield
        return
    if fallback:
        raise CoolingDown(provider, left)
    key, token = _trial_key(provider), uuid.uuid4().hex
    if not cache.add(key, token, timeout=_trial_seconds()):
        raise CoolingDown(provider, left, trial_under_way=True)
    logger.info("llm_provider_trial", provider=provider, seconds_left=round(left))
    try:
        yield
    finally:
        if cache.get(key) == token:  # not a later trial's slot, taken after this one's expired
            cache.delete(key)


def failure_record(provider: str, code: str) -> None:
    if code not in PROVIDER_TROUBLE:
        return
    period = settings.LLM_COOLDOWN_SECONDS
    if seconds_left(provider):  # a trial failed (or a call begun before the cooldown): again
        _cool_down(provider, period, reason="trial_failed")
        return
    key = _failures_key(provider)
    if cache.add(key, 1, timeout=period):
        failures = 1
    else:
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=period)
            failures = 1
    if failures >= settings.LLM_COOLDOWN_FAILURES:
        cache.delete(key)
        _cool_down(provider, period, reason="failures", failures=failures)


def success_record(provider: str) -> None:
    """A success ends a run of failures, and a cooldown."""
    cache.delete_many([_failures_key(provider), _until_key(provider)])


def _cool_down(provider: str, period: int, **details) -> None:
    cache.set(_until_key(provider), time.time() + period, timeout=period)
    logger.warning("llm_provider_cooling_down", provider=provider, seconds=period, **details)


def _trial_key(provider: str) -> str:
    return f"copilot:cooldown:trial:{provider}"


def _trial_seconds() -> int:
    attempts = settings.GLM_MAX_RETRIES + 1
    return math.ceil((settings.GLM_TIMEOUT_SECONDS + BACKOFF_MARGIN_SECONDS) * attempts)
