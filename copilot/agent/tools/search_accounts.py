"""``search_accounts``: the caller's accounts matching filters, in SQL over the stored health; a
page of them and how many match in all."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import F, Q
from pydantic import Field, field_validator

from accounts import health
from accounts.history.selectors import ensure_stored, filter_by_health
from accounts.models import AccountStatus
from copilot.agent.tools.base import Arguments, Tool, ToolContext
from copilot.agent.tools.common import band_names, book, check_names, day, health_of, money, open_pipelines

MAX_LIMIT = 50

OrderBy = Literal[
    "health", "-health", "contract_end", "-contract_end", "annual_revenue", "-annual_revenue", "name", "-name"
]


class SearchAccounts(Arguments):
    query: str | None = Field(None, max_length=200, description="Text in the account's name or external id.")
    status: list[str] = Field(default_factory=list, description=f"Any of: {', '.join(AccountStatus.values)}.")
    health_band: list[str] = Field(
        default_factory=list, description="Any of the health bands (healthy, watch, at_risk)."
    )
    signals: list[str] = Field(
        default_factory=list, description=f"Signal names that must all fire: {', '.join(health.SIGNALS)}."
    )
    contract_ends_before: dt.date | None = Field(None, description="ISO date: contracts ending before it.")
    contract_ends_after: dt.date | None = Field(None, description="ISO date: contracts ending after it.")
    order_by: OrderBy = Field(
        "health", description="health (worst first), contract_end, annual_revenue or name; a leading '-' reverses."
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"How many accounts to list (at most {MAX_LIMIT}).")

    @field_validator("status")
    @classmethod
    def _known_status(cls, values: list[str]) -> list[str]:
        return check_names(values, AccountStatus.values, "status")

    @field_validator("health_band")
    @classmethod
    def _known_band(cls, values: list[str]) -> list[str]:
        return check_names(values, band_names(), "band")

    @field_validator("signals")
    @classmethod
    def _known_signal(cls, values: list[str]) -> list[str]:
        return check_names(values, health.SIGNALS, "signal")


def _ordering(order_by: str) -> list:
    descending = order_by.startswith("-")
    name = order_by.lstrip("-")
    if name == "health":  # "worst first" is the lowest score first
        score = F("health__score")
        return [score.desc(nulls_last=True) if descending else score.asc(nulls_last=True), "external_id"]
    field = F(name)
    return [field.desc(nulls_last=True) if descending else field.asc(nulls_last=True), "external_id"]


def search(context: ToolContext, arguments: SearchAccounts) -> dict:
    accounts = filter_by_health(book(context.user), bands=arguments.health_band, signals=arguments.signals)
    if arguments.query:
        accounts = accounts.filter(Q(name__icontains=arguments.query) | Q(external_id__icontains=arguments.query))
    if arguments.status:
        accounts = accounts.filter(status__in=arguments.status)
    if arguments.contract_ends_before:
        accounts = accounts.filter(contract_end__lt=arguments.contract_ends_before)
    if arguments.contract_ends_after:
        accounts = accounts.filter(contract_end__gt=arguments.contract_ends_after)
    total = accounts.count()
    page = ensure_stored(accounts.order_by(*_ordering(arguments.order_by))[: arguments.limit])
    pipelines = open_pipelines(page)
    return {
        "total": total,
        "accounts": [
            {
                "id": account.external_id,
                "name": account.name,
                "status": account.status,
                "health": health_of(account),
                "contract_end": day(account.contract_end),
                "annual_revenue": money(account.annual_revenue),
                "open_pipeline": money(pipelines.get(account.pk, 0)),
            }
            for account in page
        ],
    }


TOOL = Tool(
    name="search_accounts",
    description=(
        "Search the manager's own accounts by text, status, health band, health signals and contract end date. "
        "Answers how many match in all and a page of them (id, name, status, health, contract end, annual revenue, "
        "open pipeline), worst health first unless order_by says otherwise."
    ),
    arguments=SearchAccounts,
    function=search,
)
