"""Pieces the tools share: the caller's accounts, open pipeline and the health summary of a row."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from accounts import health
from accounts.models import Account, Deal
from accounts.selectors import visible_accounts

OPEN_DEAL = ~Q(stage__in=Deal.CLOSED_STAGES)


def book(user) -> QuerySet[Account]:
    """The caller's accounts (the accounts API's visibility)."""
    return visible_accounts(user)


def open_pipelines(accounts) -> dict[int, Decimal]:
    """The amount of each account's open deals (by account pk), in one grouped query over just
    these accounts (a page, never a book)."""
    rows = (
        Deal.objects.filter(OPEN_DEAL, account__in=[account.pk for account in accounts])
        .order_by()
        .values("account")
        .annotate(total=Sum("amount"))
    )
    return {row["account"]: row["total"] for row in rows}


def money(value) -> float | None:
    return None if value is None else float(value)


def day(value) -> str | None:
    return None if value is None else value.isoformat()


def health_of(account: Account) -> dict | None:
    """The stored health's score, band and signal names (None when not stored yet)."""
    stored = getattr(account, "health", None)
    if stored is None:
        return None
    return {"score": stored.score, "band": stored.band, "signals": list(stored.signals)}


def check_names(values: list[str], known, what: str) -> list[str]:
    """``values`` when each is one of ``known``; else a ValueError naming the first that is not."""
    known = list(known)
    for value in values:
        if value not in known:
            raise ValueError(f"Unknown {what} '{value}'; use one of {', '.join(known)}.")
    return values


def band_names() -> list[str]:
    return health.band_names()
