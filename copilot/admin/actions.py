"""Recommendations in the admin: the list, and the actions dashboard beside cost and errors
(/admin/copilot/recommendation/dashboard/): per model and prompt version, how many proposals were
made, accepted, dismissed (by reason), done and expired, the acceptance rate, and what an accepted
action cost (the priced calls of the turns that proposed them, divided by the accepted ones)."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import path, reverse

from copilot.actions import selectors, services
from copilot.admin.dashboards import dashboard_page
from copilot.admin.ledger import ReadOnlyAdmin
from copilot.ledger.pricing import format_usd
from copilot.models import Recommendation

REQUIRED_PERMISSIONS = ("copilot.view_recommendation",)
UNRECORDED = "unrecorded"  # calls made before prompt versions were recorded


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "account", "kind", "priority", "due_on", "status", "model", "created_at")
    list_filter = ("status", "kind", "priority")
    search_fields = ("title", "account__external_id", "account__name")
    list_select_related = ("account", "analysis_request")
    raw_id_fields = ("account", "analysis_request", "activity", "proposed_for", "decided_by")
    # Links from the dashboard filter by the proposing call's model and prompt version.
    ALLOWED_LOOKUPS = ("analysis_request__model", "analysis_request__prompt_version")

    def lookup_allowed(self, lookup, value, request=None):
        return lookup in self.ALLOWED_LOOKUPS or super().lookup_allowed(lookup, value, request)

    @admin.display(description="Model", ordering="analysis_request__model")
    def model(self, recommendation):
        return recommendation.analysis_request.model if recommendation.analysis_request else "—"

    def get_urls(self):
        return [
            path("dashboard/", self.admin_site.admin_view(dashboard), name="copilot_actions"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        services.recommendations_expire()  # the list shows stale proposals as what they are
        return super().changelist_view(request, extra_context)


def _permitted(view):
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perms(REQUIRED_PERMISSIONS):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return checked


@_permitted
def dashboard(request):
    services.recommendations_expire()
    return dashboard_page(request, template="admin/copilot/actions.html", name="actions", build=_action_parts)


def _list_url(period, **filters) -> str:
    since, until = period.bounds()
    query = {**filters, "created_at__gte": since.isoformat(), "created_at__lt": until.isoformat()}
    return reverse("admin:copilot_recommendation_changelist") + "?" + urlencode(query)


def _rate(figures: selectors.ActionFigures) -> str:
    rate = figures.acceptance_rate
    return "—" if rate is None else f"{100 * rate:.1f}%"


def _usd(value, figures: selectors.ActionFigures) -> str:
    if value is None:
        return "—"
    shown = format_usd(value)
    return f"{shown} + {figures.unpriced_calls} unpriced" if figures.unpriced_calls else shown


HEADER = [
    "Model",
    "Prompt version",
    "Proposals",
    "Waiting",
    "Accepted (or done)",
    "Done",
    "Dismissed",
    "Expired",
    "Acceptance rate",
    "Turns",
    "Turns' cost (USD)",
    "Cost per accepted action (USD)",
]


def _cells(figures: selectors.ActionFigures) -> list:
    return [
        figures.model or "—",
        figures.prompt_version or UNRECORDED,
        figures.proposals,
        figures.waiting,
        figures.accepted,
        figures.done,
        figures.dismissed,
        figures.expired,
        _rate(figures),
        figures.turns,
        _usd(figures.turns_cost_usd, figures),
        _usd(figures.cost_per_accepted_usd, figures),
    ]


def _filters(figures: selectors.ActionFigures) -> dict:
    return {"analysis_request__model": figures.model, "analysis_request__prompt_version": figures.prompt_version}


def _action_parts(period) -> dict:
    board = selectors.action_dashboard(period)
    reasons = [
        (
            [figures.model or "—", figures.prompt_version or UNRECORDED, reason or "(none given)", count],
            _list_url(period, status="dismissed", **_filters(figures)),
        )
        for figures in board.rows
        for reason, count in figures.dismissed_by_reason.items()
    ]
    return {
        "title": "AI actions",
        "board": board,
        "tables": {
            "model": {
                "header": HEADER,
                "rows": [(_cells(figures), _list_url(period, **_filters(figures))) for figures in board.rows],
            },
            "reasons": {"header": ["Model", "Prompt version", "Dismiss reason", "Dismissed"], "rows": reasons},
        },
        "history_link": _list_url(period),
        "acceptance_rate": _rate(board.totals),
        "cost_per_accepted": _usd(board.totals.cost_per_accepted_usd, board.totals),
    }
