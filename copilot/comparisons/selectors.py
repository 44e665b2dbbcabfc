"""A comparison's figures, read from the rows its runs recorded: the table the command prints
and the admin shows are one and the same."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from copilot.actions.selectors import ActionFigures, action_figures
from copilot.ledger.pricing import format_usd
from copilot.models import AnalysisRequest, ModelComparison, Recommendation

DIFFERENCES_SHOWN = 5
EXCERPT_CHARS = 160


@dataclass(frozen=True)
class ModelFigures:
    model: str
    calls: int
    succeeded: int
    failed: int  # failed or cancelled
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal  # of the priced calls
    priced_calls: int
    unpriced_calls: int
    latency_p50_ms: float | None  # succeeded calls, nearest rank
    latency_p95_ms: float | None
    actions: ActionFigures  # what its calls proposed and what became of it (read now, so --show is current)

    @property
    def cost_per_call_usd(self) -> Decimal | None:
        return self.cost_usd / self.priced_calls if self.priced_calls else None


@dataclass(frozen=True)
class Difference:
    """An account whose answers differ most between the models (1.0: the same words)."""

    account: str
    similarity: float
    answers: dict[str, str]  # model → the start of its answer


@dataclass(frozen=True)
class ComparisonTable:
    comparison: ModelComparison
    figures: list[ModelFigures]
    differences: list[Difference]

    # The seed's comparison: an aspect per row, a column per model, and which one wins it.
    ASPECTS = (
        ("Cost (USD)", lambda f: f.cost_usd, format_usd),
        ("Cost per call (USD)", lambda f: f.cost_per_call_usd, format_usd),
        ("Input tokens", lambda f: f.input_tokens, str),
        ("Output tokens", lambda f: f.output_tokens, str),
        ("Latency p50 (ms)", lambda f: f.latency_p50_ms, lambda v: f"{v:.0f}"),
        ("Latency p95 (ms)", lambda f: f.latency_p95_ms, lambda v: f"{v:.0f}"),
        ("Failures", lambda f: f.failed, str),
    )
    # What the models' advice became (propose_actions): counts name no winner; the highest
    # acceptance rate and the lowest cost per accepted action win.
    ACTION_ASPECTS = (
        ("Actions proposed", lambda f: f.actions.proposals, str, None),
        ("Actions accepted (or done)", lambda f: f.actions.accepted, str, None),
        ("Actions dismissed", lambda f: f.actions.dismissed, str, None),
        ("Actions done", lambda f: f.actions.done, str, None),
        ("Actions expired", lambda f: f.actions.expired, str, None),
        ("Acceptance rate", lambda f: f.actions.acceptance_rate, lambda v: f"{100 * v:.1f}%", "highest"),
        ("Cost per accepted action (USD)", lambda f: f.actions.cost_per_accepted_usd, format_usd, "lowest"),
    )

    @property
    def header(self) -> list[str]:
        return ["Aspect", *(f.model for f in self.figures), "Winner"]

    @property
    def rows(self) -> list[list[str]]:
        rows = [["Calls (succeeded)", *(f"{f.calls} ({f.succeeded})" for f in self.figures), ""]]
        for aspect, value_of, shown in self.ASPECTS:
            values = [value_of(f) for f in self.figures]
            cells = ["—" if value is None else shown(value) for value in values]
            rows.append([aspect, *cells, _winner([f.model for f in self.figures], values)])
        for aspect, value_of, shown, best in self.ACTION_ASPECTS:
            values = [value_of(f) for f in self.figures]
            cells = ["—" if value is None else shown(value) for value in values]
            models = [f.model for f in self.figures]
            winner = "" if best is None else _winner(models, values, highest=best == "highest")
            rows.append([aspect, *cells, winner])
        return rows


def _winner(models: list[str], values: list, *, highest: bool = False) -> str:
    """The model with the lowest (or ``highest``) value; a tie, or nothing to compare, names none."""
    known = [(value, model) for value, model in zip(values, models, strict=True) if value is not None]
    if len(known) < 2:
        return ""
    best = (max if highest else min)(value for value, _ in known)
    winners = [model for value, model in known if value == best]
    return winners[0] if len(winners) == 1 else "tie"


def comparison_table(comparison: ModelComparison) -> ComparisonTable:
    runs = list(comparison.runs.order_by("pk"))
    figures = [
        _figures(
            run.model,
            AnalysisRequest.objects.filter(bulk_run=run),
            Recommendation.objects.filter(analysis_request__bulk_run=run),
        )
        for run in runs
    ]
    return ComparisonTable(comparison, figures, _differences(runs))


def _figures(model: str, calls, proposed) -> ModelFigures:
    unsuccessful = (AnalysisRequest.Status.FAILED, AnalysisRequest.Status.CANCELLED)
    counts = calls.aggregate(
        calls=Count("pk"),
        succeeded=Count("pk", filter=Q(status=AnalysisRequest.Status.SUCCEEDED)),
        failed=Count("pk", filter=Q(status__in=unsuccessful)),
        input_tokens=Sum("usage__input_tokens"),
        output_tokens=Sum("usage__output_tokens"),
        cost=Sum("usage__cost_usd"),
        priced=Count("usage", filter=Q(usage__cost_usd__isnull=False)),
        unpriced=Count("usage", filter=Q(usage__cost_usd__isnull=True)),
    )
    latencies = sorted(
        calls.filter(status=AnalysisRequest.Status.SUCCEEDED, latency_ms__isnull=False).values_list(
            "latency_ms", flat=True
        )
    )
    return ModelFigures(
        model=model,
        calls=counts["calls"],
        succeeded=counts["succeeded"],
        failed=counts["failed"],
        input_tokens=counts["input_tokens"] or 0,
        output_tokens=counts["output_tokens"] or 0,
        cost_usd=counts["cost"] or Decimal(0),
        priced_calls=counts["priced"],
        unpriced_calls=counts["unpriced"],
        latency_p50_ms=nearest_rank(latencies, 50),
        latency_p95_ms=nearest_rank(latencies, 95),
        actions=action_figures(proposed)[0],
    )


def nearest_rank(ordered: list[float], percent: int) -> float | None:
    if not ordered:
        return None
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def _differences(runs) -> list[Difference]:
    """Accounts every model answered, the least similar answers first (difflib over words)."""
    answers: dict[str, dict[str, str]] = {}
    succeeded = AnalysisRequest.objects.filter(
        bulk_run__in=runs, status=AnalysisRequest.Status.SUCCEEDED, account__isnull=False
    ).values_list("account__external_id", "bulk_run__model", "response")
    for account, model, response in succeeded.order_by("pk"):
        answers.setdefault(account, {})[model] = response
    models = [run.model for run in runs]
    found = []
    for account, by_model in answers.items():
        if len(by_model) < len(models):
            continue
        texts = [by_model[model].split() for model in models]
        similarity = min(
            difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
            for i, a in enumerate(texts)
            for b in texts[i + 1 :]
        )
        excerpts = {model: _excerpt(by_model[model]) for model in models}
        found.append(Difference(account, similarity, excerpts))
    found.sort(key=lambda difference: (difference.similarity, difference.account))
    return found[:DIFFERENCES_SHOWN]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
