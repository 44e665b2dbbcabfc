"""Exact cost of token usage from ModelPrice rows (USD per million tokens)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from copilot.models import ModelPrice

PER_MILLION = Decimal(1_000_000)


def price_for(model: str, at: dt.datetime) -> ModelPrice | None:
    """The price in force at ``at``: an exact model match, else the longest prefix match
    (so a dated ``claude-sonnet-4-5-…`` variant is priced as ``claude-sonnet-4-5``). The prices
    are read through the catalog: once, and again after any change to them."""
    from copilot.gateway import catalog  # the ledger does not need the gateway to be imported

    in_force = [price for price in catalog.cached("prices", _prices) if price.effective_from <= at]
    exact = next((price for price in in_force if price.model == model), None)
    if exact is not None:
        return exact
    prefixes = [price for price in in_force if model.startswith(price.model)]
    if not prefixes:
        return None
    longest = max(len(price.model) for price in prefixes)
    return next(price for price in prefixes if len(price.model) == longest)


def _prices() -> list[ModelPrice]:
    return list(ModelPrice.objects.order_by("-effective_from", "pk"))


def cost_usd(
    price: ModelPrice,
    *,
    input_tokens: int,
    output_tokens: int,
    cache_read_tokens: int = 0,
    cache_creation_tokens: int = 0,
) -> Decimal:
    """As in the Anthropic usage object, ``input_tokens`` excludes cached tokens."""
    total = (
        input_tokens * price.input_usd_per_mtok
        + cache_read_tokens * price.cache_read_usd_per_mtok
        + cache_creation_tokens * price.cache_write_usd_per_mtok
        + output_tokens * price.output_usd_per_mtok
    )
    return total / PER_MILLION


def format_usd(amount: Decimal | None) -> str | None:
    """Exact, with at least six decimal places: 0.000000, 0.0007404, 1.250000."""
    if amount is None:
        return None
    places = max(6, -amount.normalize().as_tuple().exponent)
    return f"{amount:.{places}f}"
