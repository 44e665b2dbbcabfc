"""Staff dashboards in the admin: cost and errors, served by the AnalysisRequest admin
(/admin/copilot/analysisrequest/costs/ and …/errors/).

Thin views: a form validates the period, a selector reads the daily rollups, and the page (or
a CSV of one of its tables) is rendered. Only staff with view permission on the call history
see them; everyone else is sent to the admin login.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from copilot.admin import charts
from copilot.analysis.budget import budget_statuses
from copilot.ledger import selectors
from copilot.ledger.exports import csv_response
from copilot.ledger.pricing import format_usd
from sergas import dates

REQUIRED_PERMISSIONS = selectors.USAGE_PERMISSIONS
MAX_DAYS = 731
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class PeriodForm(forms.Form):
    PRESETS = {"today": "Today", "7d": "Last 7 days", "30d": "Last 30 days", "mtd": "Month to date", "custom": "Custom"}

    period = forms.ChoiceField(choices=PRESETS.items(), required=False)
    start = forms.DateField(required=False, validators=[dates.supported], widget=DATE_INPUT)
    end = forms.DateField(required=False, validators=[dates.supported], widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom" or (not data.get("period") and (data.get("start") or data.get("end"))):
            data["period"] = "custom"
            for name in ("start", "end"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, "Required for a custom period.")
            start, end = data.get("start"), data.get("end")
            if start and end:
                try:
                    dates.period(start, end, today=timezone.localdate(), default_days=MAX_DAYS, max_days=MAX_DAYS)
                except dates.PeriodError as error:
                    self.add_error(error.field, error.message)
        return data

    def chosen_period(self) -> selectors.Period:
        today = timezone.localdate()
        choice = self.cleaned_data.get("period") or "30d"
        first, last = {
            "today": (today, today),
            "7d": (today - dt.timedelta(days=6), today),
            "30d": (today - dt.timedelta(days=29), today),
            "mtd": (today.replace(day=1), today),
            "custom": (self.cleaned_data.get("start"), self.cleaned_data.get("end")),
        }[choice]
        label = f"{first:%b %d, %Y} – {last:%b %d, %Y}" if first != last else f"{first:%b %d, %Y}"
        return selectors.Period(first=first, last=last, label=f"{self.PRESETS[choice]}: {label}")


def staff_dashboard(view: Callable) -> Callable:
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perms(REQUIRED_PERMISSIONS):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return checked


def history_url(
    period: selectors.Period, day: dt.date | None = None, *, hour: dt.datetime | None = None, **filters
) -> str:
    """The call history of the period, one of its days or one of its hours, with ``filters``."""
    since, until = (hour, hour + selectors.HOUR) if hour is not None else period.bounds(day)
    query = {**filters, "created_at__gte": since.isoformat(), "created_at__lt": until.isoformat()}
    return reverse("admin:copilot_analysisrequest_changelist") + "?" + urlencode(query)


def _page_context(request) -> dict:
    reached = [usage for usage in budget_statuses() if usage.reached]
    return {**admin.site.each_context(request), "time_zone": settings.TIME_ZONE, "budgets_reached": reached}


def _with_default_period(query):
    """No period chosen (a first load) is the last 30 days, and the Period box says so."""
    if query.get("period") or query.get("start") or query.get("end"):
        return query
    query = query.copy()
    query["period"] = "30d"
    return query


def dashboard_page(request, *, template: str, name: str, build: Callable):
    """The shared page flow: validate the period, build the page's parts, then answer with
    the page or, for ``?export=<table>``, that table as CSV."""
    form = PeriodForm(_with_default_period(request.GET))
    if not form.is_valid():
        context = {**_page_context(request), "form": form, "title": "Dashboard"}
        return render(request, template, context, status=400)
    period = form.chosen_period()
    parts = build(period)
    tables = parts["tables"]
    export = request.GET.get("export")
    if export in tables:
        filename = f"{name}-{export}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
        return csv_response(filename, tables[export]["header"], (cells for cells, _ in tables[export]["rows"]))
    context = {**_page_context(request), "form": form, "export_query": request.GET.urlencode(), **parts}
    return render(request, template, context)


@staff_dashboard
def costs(request):
    return dashboard_page(request, template="admin/copilot/costs.html", name="costs", build=_cost_parts)


@staff_dashboard
def errors(request):
    return dashboard_page(request, template="admin/copilot/errors.html", name="errors", build=_error_parts)


def _one_day_by_hour(period: selectors.Period) -> list | None:
    """Today (or any one-day period) is shown by hour: one bar per hour, not a single bar."""
    return selectors.hourly(period) if period.first == period.last else None


def _chart(title: str, daily, hours, *, value: Callable, formatter: Callable):
    series = hours if hours is not None else daily
    return charts.bars(
        title=title.format("hour" if hours is not None else "day"),
        labels=[moment.strftime("%H:00" if hours is not None else "%b %d") for moment, _ in series],
        values=[value(totals) for _, totals in series],
        formatter=formatter,
    )


def _cost_parts(period: selectors.Period) -> dict:
    board = selectors.cost_dashboard(period)
    hours = _one_day_by_hour(period)
    return {
        "title": "AI cost",
        "board": board,
        "tables": {
            **({"hourly": _hourly_table(period, hours, _cost_cells, COST_HEADER)} if hours is not None else {}),
            "daily": _daily_table(period, board.daily),
            "model": _breakdown("Model", period, board.by_model),
            "source": _breakdown("Source", period, board.by_source),
            "account": _breakdown("Account", period, board.by_account),
            "user": _breakdown("User", period, board.by_user),
            "unpriced": _breakdown("Unpriced model", period, board.unpriced_models),
        },
        "chart": _chart(
            "Cost per {} (USD)",
            board.daily,
            hours,
            value=lambda totals: float(totals.cost_usd),
            formatter=lambda usd: f"${usd:,.4f}",
        ),
        "history_link": history_url(period),
        "total_cost": CostCell(board.totals),
    }


def _error_parts(period: selectors.Period) -> dict:
    board = selectors.error_dashboard(period)
    hours = _one_day_by_hour(period)
    return {
        "title": "AI errors",
        "board": board,
        "tables": {
            **({"hourly": _hourly_table(period, hours, _error_cells, ERROR_HEADER)} if hours is not None else {}),
            "daily": _error_daily_table(period, board.daily),
            "code": _error_table("Error code", period, board.by_code),
            "model": _error_table("Model", period, board.by_model),
            "latency": _latency_table(period, board.latency),
            "failures": _failures_table(board.latest_failures),
            "fallbacks": _fallbacks_table(period, board.fallbacks),
        },
        "chart": _chart(
            "Failed or cancelled calls per {} (%)",
            board.daily,
            hours,
            value=lambda t: None if t.error_rate is None else round(100 * t.error_rate, 2),
            formatter=lambda percent: f"{percent:.2f}%",
        ),
        "history_link": history_url(period, status__in="failed,cancelled"),
        "error_rate": _rate(board.totals),
    }


# --- tables: one shape for the page and the CSV -------------------------------------------------

COST_HEADER = [
    "Requests",
    "Failed",
    "Input tokens",
    "Output tokens",
    "Cache read tokens",
    "Cache write tokens",
    "Cost (USD)",
    "Unpriced calls",
]


@dataclass(frozen=True)
class CostCell:
    """A cost on the page says when calls without a price are left out of it; in a CSV it is
    the exact number alone, beside the count of unpriced calls; the page rounds to six places."""

    totals: selectors.Totals

    def __str__(self) -> str:
        cost, unpriced = f"{self.totals.cost_usd:.6f}", self.totals.unpriced_requests
        if not unpriced:
            return cost
        if not self.totals.cost_usd:
            return "unpriced"
        return f"{cost} + {unpriced} unpriced"

    def csv_value(self) -> str:
        return format_usd(self.totals.cost_usd)


def _cost_cells(totals: selectors.Totals) -> list:
    return [
        totals.requests,
        totals.failed_requests,
        totals.input_tokens,
        totals.output_tokens,
        totals.cache_read_tokens,
        totals.cache_creation_tokens,
        CostCell(totals),
        totals.unpriced_requests,
    ]


def _breakdown(title: str, period, rows: Iterable[selectors.Row]) -> dict:
    return {
        "header": [title, *COST_HEADER],
        "rows": [([row.label, *_cost_cells(row.totals)], history_url(period, **row.history_filters)) for row in rows],
    }


def _hourly_table(period, hours, cells: Callable, header: list[str]) -> dict:
    return {
        "header": ["Hour", *header],
        "rows": [
            ([hour.strftime("%Y-%m-%d %H:00"), *cells(totals)], history_url(period, hour=hour))
            for hour, totals in hours
        ],
    }


def _daily_table(period, daily) -> dict:
    return {
        "header": ["Day", *COST_HEADER],
        "rows": [([day.isoformat(), *_cost_cells(totals)], history_url(period, day)) for day, totals in daily],
    }


def _rate(totals: selectors.Totals) -> str:
    return "—" if totals.error_rate is None else f"{100 * totals.error_rate:.2f}%"


def _error_table(title: str, period, rows: Iterable[selectors.Row]) -> dict:
    return {
        "header": [title, "Requests", "Failed or cancelled", "Error rate"],
        "rows": [
            (
                [row.label, row.totals.requests, row.totals.failed_requests, _rate(row.totals)],
                history_url(period, **row.history_filters),
            )
            for row in rows
        ],
    }


def _latency_table(period, latency: list[selectors.LatencyRow]) -> dict:
    return {
        "header": ["Model", "Succeeded calls", "Latency p50 (ms)", "Latency p95 (ms)"],
        "rows": [
            ([row.model, row.calls, f"{row.p50_ms:.0f}", f"{row.p95_ms:.0f}"], history_url(period, model=row.model))
            for row in latency
        ],
    }


def _failures_table(records) -> dict:
    return {
        "header": ["Request", "Time", "Status", "Error code", "Model", "Account", "Message"],
        "rows": [
            (
                [
                    f"#{record.pk}",
                    timezone.localtime(record.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    record.status,
                    record.error_code,
                    record.model,
                    record.account.external_id if record.account else "",
                    record.error_message,
                ],
                reverse("admin:copilot_analysisrequest_change", args=[record.pk]),
            )
            for record in records
        ],
    }


def _fallbacks_table(period, rows: list[selectors.FallbackRow]) -> dict:
    return {
        "header": ["From model", "Why", "To model", "Calls", "Answered"],
        "rows": [
            (
                [row.from_model, row.code, row.to_model, row.calls, row.answered],
                history_url(period, attempt="fallback", model=row.to_model),
            )
            for row in rows
        ],
    }


ERROR_HEADER = ["Requests", "Failed or cancelled", "Error rate"]


def _error_cells(totals: selectors.Totals) -> list:
    return [totals.requests, totals.failed_requests, _rate(totals)]


def _error_daily_table(period, daily) -> dict:
    return {
        "header": ["Day", *ERROR_HEADER],
        "rows": [([day.isoformat(), *_error_cells(t)], history_url(period, day)) for day, t in daily],
    }
