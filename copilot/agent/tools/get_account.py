"""``get_account``: one of the caller's accounts in detail: its stored health with each signal's
details, open deals, latest activities and, when history exists, its health trend."""

from __future__ import annotations

from django.utils import timezone
from pydantic import Field

from accounts.history.selectors import stored_health, trend_facts
from accounts.models import Activity, Deal
from copilot.agent.tools.base import Arguments, Tool, ToolContext, ToolRefusal
from copilot.agent.tools.common import OPEN_DEAL, book, day, money, open_pipelines

LATEST_ACTIVITIES = 10


class GetAccount(Arguments):
    account_id: str = Field(..., min_length=1, max_length=64, description="The account's external id, e.g. ACC-12345.")


def _trend(account) -> dict:
    """The score a week and a month ago (null without a snapshot then) and the signal changes."""
    trend = trend_facts(account)
    return {
        "score_week_ago": trend.score_week_ago,
        "score_month_ago": trend.score_month_ago,
        "changes_last_30_days": [
            {"day": change.day.isoformat(), "signal": change.signal, "change": change.change}
            for change in trend.changes
        ],
    }


def account_detail(context: ToolContext, arguments: GetAccount) -> dict:
    # Another manager's account is "not found" like one that does not exist: nothing is revealed.
    account = book(context.user).filter(external_id=arguments.account_id).first()
    if account is None:
        raise ToolRefusal("account_id", f"No account '{arguments.account_id}' found.")
    now = timezone.now()
    stored = stored_health(account)
    deals = Deal.objects.filter(OPEN_DEAL, account=account).order_by("close_date", "pk")
    activities = Activity.objects.filter(account=account).order_by("-occurred_at", "-pk")[:LATEST_ACTIVITIES]
    return {
        "id": account.external_id,
        "name": account.name,
        "status": account.status,
        "industry": account.industry,
        "owner": account.owner.username if account.owner else None,
        "annual_revenue": money(account.annual_revenue),
        "contract_end": day(account.contract_end),
        "open_pipeline": money(open_pipelines([account]).get(account.pk, 0)),
        "health": {"score": stored.score, "band": stored.band, "signals": stored.details},
        "open_deals": [
            {
                "name": deal.name,
                "stage": deal.stage,
                "amount": money(deal.amount),
                "days_in_stage": (now - deal.stage_changed_at).days,
                "close_date": day(deal.close_date),
            }
            for deal in deals
        ],
        "latest_activities": [
            {"kind": activity.kind, "occurred_at": activity.occurred_at.isoformat(), "subject": activity.subject}
            for activity in activities
        ],
        "trend": _trend(account),
    }


TOOL = Tool(
    name="get_account",
    description=(
        "One of the manager's accounts in detail: status, revenue, contract end, health with each signal's details, "
        "open deals (stage, amount, days in stage, close date), the 10 latest activities and the health trend."
    ),
    arguments=GetAccount,
    function=account_detail,
)
