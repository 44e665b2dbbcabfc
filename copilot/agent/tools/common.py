"""Pieces the tools share: the caller's accounts, open pipeline and the health summary of a row."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from accounts import health
from accounts.models import Account, Deal
from accounts.selectors import visible_accounts

OPEN_DEAL = ~Q(stage__in=Deal.CLOSED_STAGES)


def book(user) -> QuerySet[Account]:
    """The caller's accounts (the accounts API's visibility)."""
    return visible_accounts(user)


def with_open_pipeline(accounts: QuerySet[Account]) -> QuerySet[Account]:
    """Each account with ``open_pipeline``: the amount of its open deals, in one subquery."""
    total = (
        Deal.objects.filter(OPEN_DEAL, account=OuterRef("pk"))
        .order_by()
        .values("account")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    amount = DecimalField(max_digits=18, decimal_places=2)
    zero = Value(Decimal(0))
    return accounts.annotate(open_pipeline=Coalesce(Subquery(total, output_field=amount), zero, output_field=amount))


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
