"""Budgets that hold: checked and reserved before any provider call, settled when it finishes.

The limits are the active ``Budget`` rows that cover the caller, plus ``COPILOT_DAILY_BUDGET_USD``
as a hard daily budget for everyone. A call reserves its worst case — each byte of its prompt as
an input token and ``max_tokens`` of output, at the model's prices — in the transaction that
records it; what a budget has used is the rollups' exact cost plus what the calls still pending
have reserved. Reservations are taken one at a time (SQLite's write lock; on PostgreSQL a
transaction-level advisory lock), so concurrent calls can never together pass a hard budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

import structlog
from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from copilot.errors import CopilotError, ErrorCode
from copilot.gateway import catalog
from copilot.ledger.selectors import spent_usd
from copilot.models import AnalysisRequest, Budget, ModelPrice

logger = structlog.get_logger(__name__)

MILLION = Decimal(1_000_000)
MICRO_USD = Decimal("0.000001")
RESERVATION_LOCK = 0x5E7CA5  # one advisory lock key for every reservation (PostgreSQL)


@dataclass(frozen=True)
class Limit:
    name: str
    period: str
    limit_usd: Decimal
    hard: bool
    user_id: int | None = None  # None: everyone's calls count

    @classmethod
    def of(cls, budget: Budget) -> Limit:
        user_id = budget.user_id if budget.scope == Budget.Scope.USER else None
        return cls(budget.name, budget.period, budget.limit_usd, budget.hard, user_id)


@dataclass(frozen=True)
class Usage:
    limit: Limit
    used_usd: Decimal  # spent, plus reserved by calls in flight
    first_day: dt.date
    ends_at: dt.datetime

    @property
    def reached(self) -> bool:
        return self.used_usd >= self.limit.limit_usd


def limits_for(user) -> list[Limit]:
    """Every limit a call by ``user`` counts against (``None``: a call with no user)."""
    user_id = getattr(user, "pk", None)
    active = catalog.cached("budgets", _active_limits)
    return [limit for limit in active if limit.user_id is None or limit.user_id == user_id] + _default_limit()


def _active_limits() -> list[Limit]:
    # With the catalog: budgets change rarely, and every call reads them.
    return [Limit.of(budget) for budget in Budget.objects.filter(active=True).order_by("pk")]


def _default_limit() -> list[Limit]:
    """``COPILOT_DAILY_BUDGET_USD``: a hard daily budget for everyone, when set."""
    if settings.COPILOT_DAILY_BUDGET_USD is None:
        return []
    return [Limit("COPILOT_DAILY_BUDGET_USD", Budget.Period.DAY, settings.COPILOT_DAILY_BUDGET_USD, True)]


def period_of(period: str, now: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """The first local day of the period holding ``now``, and when the period ends."""
    today = timezone.localtime(now).date()
    if period == Budget.Period.MONTH:
        first = today.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
    else:
        first, following = today, today + dt.timedelta(days=1)
    ends = timezone.make_aware(dt.datetime.combine(following, dt.time.min))
    return first, ends


def usage_of(limit: Limit, now: dt.datetime) -> Usage:
    first, ends = period_of(limit.period, now)
    last = timezone.localtime(now).date()
    starts = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    pending = AnalysisRequest.objects.filter(status=AnalysisRequest.Status.PENDING, created_at__gte=starts)
    if limit.user_id is not None:
        pending = pending.filter(user_id=limit.user_id)
    reserved = pending.aggregate(total=Sum("reserved_usd"))["total"] or Decimal(0)
    return Usage(limit, spent_usd(first, last, user_pk=limit.user_id) + reserved, first, ends)


def worst_case_usd(price: ModelPrice | None, *, prompt_bytes: int, max_tokens: int) -> Decimal:
    """The most a call can cost: no tokenizer makes more tokens than bytes. Unpriced: unknown, 0."""
    if price is None:
        return Decimal(0)
    input_price = max(price.input_usd_per_mtok, price.cache_write_usd_per_mtok)
    worst = (prompt_bytes * input_price + max_tokens * price.output_usd_per_mtok) / MILLION
    return worst.quantize(MICRO_USD, rounding=ROUND_CEILING)  # as stored, never below


def budget_reserve(user, worst_case: Callable[[], Decimal], *, now: dt.datetime | None = None) -> Decimal:
    """Inside the transaction that records a call: refuse it when it could take a hard budget
    over its limit, warn for a soft one, and return what the call reserves. ``worst_case`` is
    asked only when a budget applies: with none, a call reserves nothing."""
    limits = limits_for(user)
    if not limits:
        return Decimal(0)
    worst_usd = worst_case()
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RESERVATION_LOCK])
    for usage in (usage_of(limit, now) for limit in limits):
        if usage.used_usd + worst_usd <= usage.limit.limit_usd and not usage.reached:
            continue
        if usage.limit.hard:
            raise _refusal(usage, worst_usd, now)
        logger.warning(
            "soft_budget_exceeded",
            budget=usage.limit.name,
            limit_usd=str(usage.limit.limit_usd),
            used_usd=str(usage.used_usd),
            user_id=getattr(user, "pk", None),
        )
    return worst_usd


def _refusal(usage: Usage, worst_usd: Decimal, now: dt.datetime) -> CopilotError:
    limit = usage.limit
    local_end = timezone.localtime(usage.ends_at).strftime("%Y-%m-%d %H:%M")
    why = "is spent" if usage.reached else f"could be exceeded by this call (up to {worst_usd:.6f} USD)"
    return CopilotError(
        ErrorCode.BUDGET_EXCEEDED,
        f"The AI budget '{limit.name}' ({limit.limit_usd} USD a {limit.period}) {why}: "
        f"{usage.used_usd:.6f} USD spent or reserved. It resets at {local_end} ({settings.TIME_ZONE}).",
        retry_after=max(1, int((usage.ends_at - now).total_seconds())),
    )


def budget_statuses(now: dt.datetime | None = None) -> list[Usage]:
    """Every active budget with what it has used this period (for the dashboards)."""
    now = now or timezone.now()
    budgets = [Limit.of(budget) for budget in Budget.objects.filter(active=True)] + _default_limit()
    return [usage_of(limit, now) for limit in budgets]
