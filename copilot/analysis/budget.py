"""The daily spend limit (``COPILOT_DAILY_BUDGET_USD``): checked before any provider call."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from copilot.errors import CopilotError, ErrorCode
from copilot.ledger.selectors import spent_usd


def budget_check() -> None:
    """Refuse a new call once today's spend has reached the budget."""
    budget = settings.COPILOT_DAILY_BUDGET_USD
    if budget is None:
        return
    today = timezone.localdate()
    if spent_usd(today, today) >= budget:
        now = timezone.localtime()
        midnight = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=now.tzinfo)
        raise CopilotError(
            ErrorCode.BUDGET_EXCEEDED,
            f"Today's AI budget of {budget} USD is spent; it resets at midnight ({settings.TIME_ZONE}).",
            retry_after=max(1, int((midnight - now).total_seconds())),
        )
