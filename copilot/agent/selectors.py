"""Reads of the agent's record: a turn's provider calls and what they used together."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from copilot.models import AnalysisRequest


@dataclass(frozen=True)
class TurnTotals:
    calls: list[AnalysisRequest]  # the turn's first call, then each later step, in order
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal | None  # None when a call of the turn has no price


def turn_of(record: AnalysisRequest) -> TurnTotals:
    """The turn ``record`` belongs to: its calls (a step's fallbacks included) and their totals,
    in two queries."""
    first_id = record.step_of_id or record.pk
    in_turn = Q(pk=first_id) | Q(step_of_id=first_id)
    calls = AnalysisRequest.objects.filter(in_turn | Q(fallback_of_id=first_id)).order_by("step", "pk")
    totals = calls.aggregate(
        input_tokens=Sum("usage__input_tokens", default=0),
        output_tokens=Sum("usage__output_tokens", default=0),
        cost_usd=Sum("usage__cost_usd"),
        unpriced=Count("pk", filter=Q(usage__isnull=False, usage__cost_usd__isnull=True)),
    )
    cost = None if totals["unpriced"] else totals["cost_usd"] or Decimal(0)
    return TurnTotals(list(calls), totals["input_tokens"], totals["output_tokens"], cost)
