"""Limits of one bulk run shared through the cache: requests and tokens per minute, and the
provider's own retry-after pause. In memory by default; in Redis, and so shared by every worker
of a run, when CACHE_URL points at Redis."""

from __future__ import annotations

import time

import structlog
from django.core.cache import cache
from limits import RateLimitItemPerMinute

from copilot.errors import CopilotError, ErrorCode
from copilot.models import BulkRun
from copilot.ratelimit import limiter

logger = structlog.get_logger(__name__)

DEFAULT_PAUSE_SECONDS = 30


class Throttle:
    def __init__(self, run: BulkRun):
        self.run_id = run.pk
        self.rpm = RateLimitItemPerMinute(run.rpm_limit) if run.rpm_limit else None
        self.tpm = RateLimitItemPerMinute(run.tpm_limit) if run.tpm_limit else None
        self.limiter = limiter()

    @property
    def _pause_key(self) -> str:
        return f"bulk-run:{self.run_id}:paused-until"

    def delay(self) -> float:
        """0 when a call may start now (and it is counted), else the seconds to wait first."""
        paused_for = (cache.get(self._pause_key) or 0) - time.time()
        if paused_for > 0:
            return paused_for
        if self.tpm is not None and not self.limiter.test(self.tpm, "tpm", str(self.run_id)):
            return max(self._until_reset(self.tpm, "tpm"), 0.05)
        if self.rpm is not None and not self.limiter.hit(self.rpm, "rpm", str(self.run_id)):
            return max(self._until_reset(self.rpm, "rpm"), 0.05)
        return 0.0

    def slow_down(self, error: CopilotError) -> None:
        """Pause the whole run when ``error`` is the provider's rate limit."""
        if error.code != ErrorCode.PROVIDER_RATE_LIMITED:
            return
        seconds = error.retry_after or DEFAULT_PAUSE_SECONDS
        until = max(time.time() + seconds, cache.get(self._pause_key) or 0)
        cache.set(self._pause_key, until, timeout=int(seconds) + 5)
        logger.warning("bulk_run_paused_by_provider", run_id=self.run_id, seconds=seconds)

    def spend_tokens(self, tokens: int) -> None:
        if self.tpm is not None and tokens > 0:
            # A call that went over the window still counts, so the next ones wait longer.
            self.limiter.hit(self.tpm, "tpm", str(self.run_id), cost=min(tokens, self.tpm.amount))

    def _until_reset(self, item, name: str) -> float:
        reset_at, _remaining = self.limiter.get_window_stats(item, name, str(self.run_id))
        return reset_at - time.time()
