"""Reads of recommendations: who sees which, the manager's due actions, and the figures that say
whether the copilot's advice is taken (per model and prompt version) and what it costs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from copilot.models import AnalysisRequest, Recommendation

VIEW_ALL_PERMISSION = "copilot.view_recommendation"
Status = Recommendation.Status


def visible_recommendations(user) -> QuerySet[Recommendation]:
    """The recommendations ``user`` may see: those on the accounts they own; staff with the view
    permission on recommendations see every one (a staff user without it is a manager here)."""
    recommendations = Recommendation.objects.select_related("account", "decided_by", "proposed_for", "activity")
    if user is None or not user.is_authenticated:
        return recommendations.none()
    if user.is_staff and user.has_perm(VIEW_ALL_PERMISSION):
        return recommendations
    return recommendations.filter(account__owner_id=user.pk)


def may_decide(user, recommendation: Recommendation) -> bool:
    """Accepting, dismissing and doing is the account owner's, as logging its activities is."""
    return recommendation.account.owner_id == user.pk


def filtered(
    recommendations: QuerySet[Recommendation], *, account: str | None = None, status: str | None = None
) -> QuerySet[Recommendation]:
    """By account (its external id) and status; open ones first by due date, then the rest."""
    if account is not None:
        recommendations = recommendations.filter(account__external_id=account)
    if status is not None:
        recommendations = recommendations.filter(status=status)
    return recommendations.order_by("due_on", "-priority", "pk")


def due_actions(user, *, day: dt.date) -> QuerySet[Recommendation]:
    """The manager's open actions due on ``day`` or before (the morning brief's "actions due")."""
    return (
        Recommendation.objects.filter(account__owner_id=user.pk, status__in=Recommendation.OPEN, due_on__lte=day)
        .select_related("account")
        .order_by("due_on", "account__external_id", "pk")
    )


# --- Figures --------------------------------------------------------------------------------------


@dataclass
class ActionFigures:
    """What became of a set of proposals. ``accepted`` counts the ones taken up (accepted, or done:
    a done action was taken); the acceptance rate is over the ones settled (taken, dismissed or
    expired), so proposals still waiting do not count against a model yet."""

    model: str = ""
    prompt_version: str = ""
    proposals: int = 0
    waiting: int = 0  # still proposed
    accepted: int = 0  # accepted or done
    dismissed: int = 0
    done: int = 0
    expired: int = 0
    dismissed_by_reason: dict[str, int] = field(default_factory=dict)
    turns: int = 0  # the agent turns whose calls proposed them
    turns_cost_usd: Decimal = Decimal(0)  # the priced calls of those turns
    unpriced_calls: int = 0  # calls of those turns without a price (their cost is unknown, not 0)

    @property
    def acceptance_rate(self) -> float | None:
        settled = self.accepted + self.dismissed + self.expired
        return self.accepted / settled if settled else None

    @property
    def cost_per_accepted_usd(self) -> Decimal | None:
        return self.turns_cost_usd / self.accepted if self.accepted else None


GROUPS = {"model": F("analysis_request__model"), "prompt_version": F("analysis_request__prompt_version")}
TURN = Coalesce("analysis_request__step_of_id", "analysis_request__fallback_of_id", "analysis_request_id")
CHUNK = 500


def action_figures(recommendations: QuerySet[Recommendation], *, by: Sequence[str] = ()) -> list[ActionFigures]:
    """The figures of ``recommendations``, one row per value of ``by`` (``model``,
    ``prompt_version``: of the call that proposed them), most proposals first; without ``by``
    one row for all. Five queries whatever the number of rows."""
    keys = {name: GROUPS[name] for name in by}
    recommendations = recommendations.order_by().annotate(**keys) if keys else recommendations.order_by()
    counted = {
        "proposals": Count("pk"),
        "waiting": Count("pk", filter=Q(status=Status.PROPOSED)),
        "accepted": Count("pk", filter=Q(status__in=(Status.ACCEPTED, Status.DONE))),
        "dismissed": Count("pk", filter=Q(status=Status.DISMISSED)),
        "done": Count("pk", filter=Q(status=Status.DONE)),
        "expired": Count("pk", filter=Q(status=Status.EXPIRED)),
    }
    counts = recommendations.values(*keys).annotate(**counted) if keys else [recommendations.aggregate(**counted)]
    rows: dict[tuple, ActionFigures] = {}
    for row in counts:
        group = tuple(row.pop(name) or "" for name in keys)
        rows[group] = ActionFigures(**dict(zip(keys, group, strict=True)), **row)
    reasons = recommendations.filter(status=Status.DISMISSED).values(*keys, "dismiss_reason").annotate(n=Count("pk"))
    for row in reasons.order_by("-n", "dismiss_reason"):
        rows[tuple(row[name] or "" for name in keys)].dismissed_by_reason[row["dismiss_reason"]] = row["n"]
    _add_turn_costs(recommendations, keys, rows)
    return sorted(rows.values(), key=lambda figures: (-figures.proposals, figures.model, figures.prompt_version))


def _add_turn_costs(recommendations, keys: dict, rows: dict[tuple, ActionFigures]) -> None:
    """Each group's turns and what their priced calls cost. A turn is its first call, its later
    steps (``step_of``) and the first step's fallbacks (``fallback_of``); a turn that proposed
    several actions counts once."""
    turns_of: dict[tuple, set[int]] = defaultdict(set)
    proposing = recommendations.filter(analysis_request__isnull=False).annotate(turn=TURN)
    for row in proposing.values(*keys, "turn").distinct():
        turns_of[tuple(row[name] or "" for name in keys)].add(row["turn"])
    costs = _turn_costs({turn for turns in turns_of.values() for turn in turns})
    for group, turns in turns_of.items():
        figures = rows[group]
        figures.turns = len(turns)
        for turn in turns:
            cost, unpriced = costs.get(turn, (Decimal(0), 0))
            figures.turns_cost_usd += cost
            figures.unpriced_calls += unpriced


def _turn_costs(turns: Iterable[int]) -> dict[int, tuple[Decimal, int]]:
    """Each turn's priced cost and unpriced calls: three indexed lookups (the turn's first call,
    its steps, its first step's fallbacks) per chunk of turns."""
    totals: dict[int, tuple[Decimal, int]] = {}
    turns = sorted(turns)
    for start in range(0, len(turns), CHUNK):
        chunk = turns[start : start + CHUNK]
        members = (
            ("pk", AnalysisRequest.objects.filter(pk__in=chunk)),
            ("step_of_id", AnalysisRequest.objects.filter(step_of_id__in=chunk)),
            ("fallback_of_id", AnalysisRequest.objects.filter(fallback_of_id__in=chunk, step_of__isnull=True)),
        )
        for turn_field, calls in members:
            summed = (
                calls.order_by()
                .values(turn_field)
                .annotate(
                    cost=Sum("usage__cost_usd"),
                    unpriced=Count("usage", filter=Q(usage__cost_usd__isnull=True)),
                )
            )
            for row in summed:
                cost, unpriced = totals.get(row[turn_field], (Decimal(0), 0))
                totals[row[turn_field]] = (cost + (row["cost"] or Decimal(0)), unpriced + row["unpriced"])
    return totals


@dataclass(frozen=True)
class ActionBoard:
    """The actions dashboard: proposals made in ``period``, what became of them, what they cost."""

    period: object  # copilot.ledger.selectors.Period
    totals: ActionFigures
    rows: list[ActionFigures]  # per model and prompt version


def action_dashboard(period) -> ActionBoard:
    since, until = period.bounds()
    proposed = Recommendation.objects.filter(created_at__gte=since, created_at__lt=until)
    (totals,) = action_figures(proposed)
    return ActionBoard(period=period, totals=totals, rows=action_figures(proposed, by=("model", "prompt_version")))
