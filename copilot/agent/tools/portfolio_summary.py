"""``portfolio_summary``: the caller's whole book in a few aggregates, counted in SQL in three
queries: accounts by band, status and signal with the contracts ending within 30/60/90 days (one
pass over the book), the open pipeline, and the five worst accounts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from accounts import health
from accounts.history.selectors import filter_by_health
from accounts.models import AccountStatus, Deal
from copilot.agent.tools.base import Arguments, Tool, ToolContext
from copilot.agent.tools.common import OPEN_DEAL, band_names, book, health_of, money

RENEWAL_WINDOWS = (30, 60, 90)
WORST = 5
NOT_SCORED = "not_scored"  # an account whose health is not stored yet


class PortfolioSummary(Arguments):
    pass


def _book_aggregates(today: dt.date) -> dict:
    """Every count and sum over the book, for one aggregate query (one pass)."""
    aggregates = {"accounts": Count("pk")}
    for band in band_names():
        aggregates[f"band:{band}"] = Count("pk", filter=Q(health__band=band))
    aggregates[f"band:{NOT_SCORED}"] = Count("pk", filter=Q(health__isnull=True))
    for status in AccountStatus.values:
        aggregates[f"status:{status}"] = Count("pk", filter=Q(status=status))
    for index, name in enumerate(health.SIGNALS):  # one bit of the stored mask per signal
        aggregates[f"signal:{name}"] = Sum(F("health__signal_mask").bitand(1 << index) / (1 << index), default=0)
    for days in RENEWAL_WINDOWS:
        ending = Q(contract_end__gte=today, contract_end__lte=today + dt.timedelta(days=days))
        aggregates[f"renewing:{days}"] = Count("pk", filter=ending)
        aggregates[f"revenue:{days}"] = Sum("annual_revenue", filter=ending, default=0)
    return aggregates


def _group(totals: dict, prefix: str, names) -> dict[str, int]:
    """The non-zero counts of one kind (``band:``, ``status:``), by name."""
    return {name: totals[f"{prefix}:{name}"] for name in names if totals[f"{prefix}:{name}"]}


def summary(context: ToolContext, arguments: PortfolioSummary) -> dict:
    accounts = book(context.user)
    totals = accounts.order_by().aggregate(**_book_aggregates(timezone.localdate()))
    pipeline = Deal.objects.filter(OPEN_DEAL, account__in=accounts.values("pk")).aggregate(
        deals=Count("pk"), amount=Sum("amount", default=0)
    )
    worst = filter_by_health(accounts, order_by_health=True).filter(health__isnull=False)[:WORST]
    return {
        "accounts": totals["accounts"],
        "by_band": _group(totals, "band", [*band_names(), NOT_SCORED]),
        "by_status": _group(totals, "status", AccountStatus.values),
        "by_signal": {name: totals[f"signal:{name}"] for name in health.SIGNALS},
        "renewals": [
            {
                "within_days": days,
                "accounts": totals[f"renewing:{days}"],
                "annual_revenue": money(totals[f"revenue:{days}"]),
            }
            for days in RENEWAL_WINDOWS
        ],
        "open_pipeline": {"deals": pipeline["deals"], "amount": money(pipeline["amount"])},
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
