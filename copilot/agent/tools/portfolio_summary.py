"""``portfolio_summary``: the caller's whole book in a few aggregates (counted in SQL): accounts by
band, status and signal, contracts ending within 30/60/90 days, open pipeline, the five worst."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from accounts import health
from accounts.history.selectors import filter_by_health
from accounts.models import Deal
from copilot.agent.tools.base import Arguments, Tool, ToolContext
from copilot.agent.tools.common import OPEN_DEAL, book, health_of, money

RENEWAL_WINDOWS = (30, 60, 90)
WORST = 5


class PortfolioSummary(Arguments):
    pass


def _counts(accounts, field: str) -> dict[str, int]:
    rows = accounts.order_by().values(field).annotate(n=Count("pk"))
    return {row[field] or "not_scored": row["n"] for row in rows}


def _signal_counts(accounts) -> dict[str, int]:
    """How many accounts each signal fires on: one bit of the stored mask per signal, summed."""
    sums = {
        name: Sum(F("health__signal_mask").bitand(1 << index) / (1 << index))
        for index, name in enumerate(health.SIGNALS)
    }
    totals = accounts.order_by().aggregate(**sums)
    return {name: totals[name] or 0 for name in health.SIGNALS}


def _renewals(accounts, today: dt.date) -> list[dict]:
    windows = {}
    for days in RENEWAL_WINDOWS:
        ending = Q(contract_end__gte=today, contract_end__lte=today + dt.timedelta(days=days))
        windows[f"n{days}"] = Count("pk", filter=ending)
        windows[f"r{days}"] = Sum("annual_revenue", filter=ending)
    totals = accounts.order_by().aggregate(**windows)
    return [
        {"within_days": days, "accounts": totals[f"n{days}"], "annual_revenue": money(totals[f"r{days}"] or 0)}
        for days in RENEWAL_WINDOWS
    ]


def summary(context: ToolContext, arguments: PortfolioSummary) -> dict:
    accounts = book(context.user)
    pipeline = Deal.objects.filter(OPEN_DEAL, account__in=accounts.values("pk")).aggregate(
        deals=Count("pk"), amount=Sum("amount")
    )
    worst = filter_by_health(accounts, order_by_health=True).filter(health__isnull=False)[:WORST]
    return {
        "accounts": accounts.count(),
        "by_band": _counts(accounts, "health__band"),
        "by_status": _counts(accounts, "status"),
        "by_signal": _signal_counts(accounts),
        "renewals": _renewals(accounts, timezone.localdate()),
        "open_pipeline": {"deals": pipeline["deals"], "amount": money(pipeline["amount"] or 0)},
        "worst_accounts": [
            {"id": account.external_id, "name": account.name, "status": account.status, "health": health_of(account)}
            for account in worst
        ],
    }


TOOL = Tool(
    name="portfolio_summary",
    description=(
        "The manager's whole book at a glance: accounts by health band, status and signal, contracts ending "
        "within 30/60/90 days with their annual revenue, the open pipeline and the five worst accounts."
    ),
    arguments=PortfolioSummary,
    function=summary,
)
