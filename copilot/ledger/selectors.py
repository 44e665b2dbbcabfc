"""Read queries for the AI call record: history, one analysis, usage summaries."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncHour
from django.utils import timezone

from accounts.models import Account
from accounts.selectors import sees_everything
from copilot.ledger import rollups
from copilot.models import (
    AnalysisRequest,
    DailyAccountUsage,
    DailyLatency,
    DailyUsage,
    DailyUserUsage,
    RollupTotals,
    Source,
    Thread,
    ThreadMessage,
    TokenUsage,
)

GROUPINGS = {
    "day": "day",
    "model": "model",
    "account": "analysis_request__account__external_id",
    "user": "analysis_request__user__username",
}


# Usage of everyone's calls: what the admin's cost dashboard needs (copilot.admin.dashboards).
USAGE_PERMISSIONS = ("copilot.view_analysisrequest", "copilot.view_tokenusage")


def _own_calls(user, relation: str = "") -> Q:
    """An account manager's calls: the ones they made and the ones about accounts they own."""
    return Q(**{f"{relation}user": user}) | Q(**{f"{relation}account__owner": user})


def visible_analyses(user) -> QuerySet[AnalysisRequest]:
    """Every call for those who see every call (``sees_everything`` with the admin's view
    permission on analysis requests); an account manager's own calls for anyone else."""
    analyses = AnalysisRequest.objects.select_related("account", "user", "thread", "usage", "usage__price")
    if sees_everything(user, "copilot.view_analysisrequest"):
        return analyses
    if user is None or not user.is_authenticated:
        return analyses.none()
    return analyses.filter(_own_calls(user))


def visible_threads(user, *, account_id: str | None = None) -> QuerySet[Thread]:
    """A user's own conversations, latest first (staff too: a conversation is its user's), with
    what they cost: calls, tokens and the exact cost of their priced calls, their first question and
    how many messages the user and the assistant wrote in them."""
    threads = Thread.objects.filter(user=user)
    if account_id is not None:
        threads = threads.filter(account__external_id=account_id)
    first_question = ThreadMessage.objects.filter(thread=OuterRef("pk"), role=ThreadMessage.Role.USER).order_by("pk")
    # A subquery, not Count(): a second join would multiply the sums over the calls.
    said = ThreadMessage.objects.filter(
        thread=OuterRef("pk"), role__in=[ThreadMessage.Role.USER, ThreadMessage.Role.ASSISTANT]
    ).order_by()
    said = said.values("thread").annotate(n=Count("pk")).values("n")
    return (
        threads.select_related("account")
        .annotate(
            calls=Count("analysis_requests"),
            input_tokens=Coalesce(Sum("analysis_requests__usage__input_tokens"), 0),
            output_tokens=Coalesce(Sum("analysis_requests__usage__output_tokens"), 0),
            cost_usd=Sum("analysis_requests__usage__cost_usd"),
            title=Subquery(first_question.values("content")[:1]),
            message_count=Coalesce(Subquery(said[:1]), 0),
        )
        .order_by("-updated_at")
    )


def recent_analyses(account: Account, limit: int = 10) -> list[AnalysisRequest]:
    return list(account.analysis_requests.select_related("user", "usage").order_by("-created_at")[:limit])


def usage_summary(user, *, start: dt.date, end: dt.date, group_by: str) -> list[dict]:
    """Totals per group for calls made from ``start`` to ``end`` inclusive (server time zone)."""
    tz = timezone.get_current_timezone()
    since, until = rollups.day_bounds(start, end)
    usages = TokenUsage.objects.filter(created_at__gte=since, created_at__lt=until)
    if not sees_everything(user, *USAGE_PERMISSIONS):
        usages = usages.filter(_own_calls(user, "analysis_request__"))
    if group_by == "day":
        usages = usages.annotate(day=TruncDate("created_at", tzinfo=tz))
    key = GROUPINGS[group_by]
    # Aliases differ from the field names: an annotation may not shadow a model field.
    totals = {
        "requests": Count("pk"),
        "input_tokens": Sum("input_tokens"),
        "output_tokens": Sum("output_tokens"),
        "cache_read_tokens": Sum("cache_read_tokens"),
        "cache_creation_tokens": Sum("cache_creation_tokens"),
        "cost_usd": Sum("cost_usd"),
        "unpriced_requests": Count("pk", filter=Q(cost_usd__isnull=True)),
    }
    rows = usages.values(key).annotate(**{f"total_{name}": total for name, total in totals.items()}).order_by(key)
    return [{"key": row[key], **{name: row[f"total_{name}"] for name in totals}} for row in rows]


# --- dashboards: read from the daily rollups, never from the raw rows' millions -----------------


@dataclass(frozen=True)
class Period:
    """Local days ``first``..``last`` inclusive, in ``TIME_ZONE``."""

    first: dt.date
    last: dt.date
    label: str

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def bounds(self, day: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
        """The period's (or one of its days') ``[start, end)`` as aware datetimes."""
        return rollups.day_bounds(day or self.first, day or self.last)


@dataclass(frozen=True)
class Totals:
    requests: int = 0
    failed_requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0
    cost_usd: Decimal = Decimal(0)
    unpriced_requests: int = 0

    @classmethod
    def of(cls, row: dict) -> Totals:
        counts = {name: int(row.get(name) or 0) for name in RollupTotals.COUNTERS if name != "cost_picousd"}
        return cls(cost_usd=rollups.from_picousd(row.get("cost_picousd")), **counts)

    def __add__(self, other: Totals) -> Totals:
        return Totals(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def error_rate(self) -> float | None:
        return self.failed_requests / self.requests if self.requests else None


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: what it is, where its calls are listed, and its totals."""

    label: str
    history_filters: dict
    totals: Totals


@dataclass(frozen=True)
class LatencyRow:
    model: str
    calls: int
    p50_ms: float
    p95_ms: float


@dataclass(frozen=True)
class CostDashboard:
    period: Period
    totals: Totals
    daily: list[tuple[dt.date, Totals]]
    by_model: list[Row]
    by_source: list[Row]
    by_account: list[Row]
    by_user: list[Row]
    unpriced_models: list[Row]
    pending_requests: int


@dataclass(frozen=True)
class ErrorDashboard:
    period: Period
    totals: Totals
    daily: list[tuple[dt.date, Totals]]
    by_code: list[Row]
    by_model: list[Row]
    latency: list[LatencyRow]
    latest_failures: list[AnalysisRequest]
    fallbacks: list[FallbackRow]


@dataclass(frozen=True)
class FallbackRow:
    """Calls a route's fallback took over: from which model, to which, why, and how they went."""

    from_model: str
    to_model: str
    code: str
    calls: int
    answered: int


TOP_ACCOUNTS = 20
TOP_USERS = 100
LATEST_FAILURES = 25
_SUMS = {name: Sum(name) for name in RollupTotals.COUNTERS}
_BY_COST = ("-cost_picousd", "-requests")


def _in_period(table, period: Period):
    return table.objects.filter(day__gte=period.first, day__lte=period.last)


def _sum(daily: list[tuple[dt.date, Totals]]) -> Totals:
    return sum((totals for _, totals in daily), Totals())


def _daily(period: Period) -> list[tuple[dt.date, Totals]]:
    found = {row["day"]: Totals.of(row) for row in _in_period(DailyUsage, period).values("day").annotate(**_SUMS)}
    return [(day, found.get(day, Totals())) for day in period.days]


def _grouped(period: Period, key: str, order=_BY_COST, table=DailyUsage, **filters) -> list[tuple[object, Totals]]:
    rows = _in_period(table, period).filter(**filters).values(key).annotate(**_SUMS).order_by(*order, key)
    return [(row[key], Totals.of(row)) for row in rows]


def _labelled(pairs, labels: dict, relation: str) -> list[Row]:
    """Rows keyed by a primary key; 0 means the calls had none (or it was deleted since)."""
    return [
        Row(labels.get(pk, f"#{pk}"), {f"{relation}__id__exact": pk}, totals)
        if pk
        else Row("(none)", {f"{relation}__isnull": "True"}, totals)
        for pk, totals in pairs
    ]


HOUR = dt.timedelta(hours=1)


def hourly(period: Period) -> list[tuple[dt.datetime, Totals]]:
    """The period's finished calls by local hour, from the raw rows: for a one-day period, whose
    rows the created_at index finds (the rollups have days only). Every hour of the period is
    listed, with nothing in it or not; a day a clock change shortens or lengthens has 23 or 25."""
    since, until = (moment.astimezone(dt.UTC) for moment in period.bounds())
    tz = timezone.get_current_timezone()
    rows = (
        AnalysisRequest.objects.exclude(status=AnalysisRequest.Status.PENDING)
        .filter(created_at__gte=since, created_at__lt=until)
        .annotate(hour=TruncHour("created_at", tzinfo=tz))
        .values("hour")
        .annotate(**rollups.totals_expressions())
        .order_by()
    )
    found = {row["hour"].astimezone(dt.UTC): Totals.of(row) for row in rows}
    hours = [since + n * HOUR for n in range(int((until - since) / HOUR))]
    return [(timezone.localtime(hour, tz), found.get(hour, Totals())) for hour in hours]


def cost_dashboard(period: Period) -> CostDashboard:
    daily = _daily(period)
    accounts = _grouped(period, "account_pk", table=DailyAccountUsage)[:TOP_ACCOUNTS]
    account_names = dict(labelled("account", [pk for pk, _ in accounts]))
    users = _grouped(period, "user_pk", table=DailyUserUsage)[:TOP_USERS]
    usernames = dict(labelled("user", [pk for pk, _ in users]))
    since, until = period.bounds()
    return CostDashboard(
        period=period,
        totals=_sum(daily),
        daily=daily,
        by_model=[Row(model, {"model": model}, t) for model, t in _grouped(period, "model")],
        by_source=[Row(Source(s).label, {"source__exact": s}, t) for s, t in _grouped(period, "source")],
        by_account=_labelled(accounts, account_names, "account"),
        by_user=_labelled(users, usernames, "user"),
        unpriced_models=[
            Row(model, {"model": model}, t)
            for model, t in _grouped(period, "model", order=("-unpriced_requests",), unpriced_requests__gt=0)
        ],
        pending_requests=AnalysisRequest.objects.filter(
            status=AnalysisRequest.Status.PENDING, created_at__gte=since, created_at__lt=until
        ).count(),
    )


def error_dashboard(period: Period) -> ErrorDashboard:
    since, until = period.bounds()
    failures = AnalysisRequest.objects.filter(
        status__in=rollups.UNSUCCESSFUL, created_at__gte=since, created_at__lt=until
    ).select_related("account", "user")
    daily = _daily(period)
    return ErrorDashboard(
        period=period,
        totals=_sum(daily),
        daily=daily,
        by_code=[
            Row(code, {"error_code__exact": code}, t)
            for code, t in _grouped(period, "error_code", order=("-failed_requests",), failed_requests__gt=0)
        ],
        by_model=[
            Row(model, {"model": model}, t) for model, t in _grouped(period, "model", order=("-failed_requests",))
        ],
        latency=latency_by_model(period),
        latest_failures=list(failures.order_by("-created_at")[:LATEST_FAILURES]),
        fallbacks=fallbacks(period),
    )


def fallbacks(period: Period) -> list[FallbackRow]:
    since, until = period.bounds()
    rows = (
        AnalysisRequest.objects.filter(fallback_of__isnull=False, created_at__gte=since, created_at__lt=until)
        .values("fallback_of__model", "model", "fallback_of__error_code")
        .annotate(calls=Count("pk"), answered=Count("pk", filter=Q(status=AnalysisRequest.Status.SUCCEEDED)))
        .order_by("-calls", "fallback_of__model", "model")
    )
    return [
        FallbackRow(
            from_model=row["fallback_of__model"],
            to_model=row["model"],
            code=row["fallback_of__error_code"],
            calls=row["calls"],
            answered=row["answered"],
        )
        for row in rows
    ]


def latency_by_model(period: Period) -> list[LatencyRow]:
    """p50 and p95 (nearest rank) of succeeded provider calls, from the latency histogram."""
    histograms: dict[str, list[tuple[int, int]]] = {}
    rows = (
        _in_period(DailyLatency, period).values("model", "bucket").annotate(n=Sum("calls")).order_by("model", "bucket")
    )
    for row in rows:
        histograms.setdefault(row["model"], []).append((row["bucket"], row["n"]))
    return [
        LatencyRow(model, sum(n for _, n in buckets), _percentile(buckets, 50), _percentile(buckets, 95))
        for model, buckets in histograms.items()
    ]


def _percentile(buckets: list[tuple[int, int]], percent: int) -> float:
    total = sum(n for _, n in buckets)
    rank = max(1, math.ceil(percent / 100 * total))
    seen = 0
    for bucket, n in buckets:
        seen += n
        if seen >= rank:
            return rollups.bucket_latency_ms(bucket)
    raise ValueError("empty histogram")


def busiest(relation: str, *, days: int = 30, limit: int = 20) -> list[tuple[int, str]]:
    """The accounts or users with the most calls lately, (pk, label), from the rollups."""
    table, key = {"account": (DailyAccountUsage, "account_pk"), "user": (DailyUserUsage, "user_pk")}[relation]
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    top = (
        table.objects.filter(day__gte=since)
        .exclude(**{key: 0})
        .values(key)
        .annotate(calls=Sum("requests"))
        .order_by("-calls", key)[:limit]
    )
    return labelled(relation, [row[key] for row in top])


def labelled(relation: str, pks: list[int]) -> list[tuple[int, str]]:
    """(pk, label) of accounts ("ACC-1 · Name") or users (username), in the order given."""
    if relation == "account":
        rows = Account.objects.filter(pk__in=pks).values_list("pk", "external_id", "name")
        labels = {pk: f"{external_id} · {name}" for pk, external_id, name in rows}
    else:
        labels = dict(get_user_model().objects.filter(pk__in=pks).values_list("pk", "username"))
    return [(pk, labels[pk]) for pk in pks if pk in labels]


def history_count() -> int:
    """Every recorded call: the finished ones from the rollups (exactly equal to the rows),
    plus the pending ones through their index, instead of a COUNT over millions of rows."""
    finished = DailyUsage.objects.aggregate(total=Sum("requests"))["total"] or 0
    return finished + AnalysisRequest.objects.filter(status=AnalysisRequest.Status.PENDING).count()


def history_models() -> list[str]:
    """Every model that has been called, for the history filter (from the small rollup table)."""
    return list(DailyUsage.objects.values_list("model", flat=True).distinct().order_by("model"))


def spent_usd(first: dt.date, last: dt.date, *, user_pk: int | None = None) -> Decimal:
    """What the calls of local days ``first``..``last`` cost (one user's, when given), from the rollups."""
    days = {"day__gte": first, "day__lte": last}
    table = (
        DailyUsage.objects.filter(**days) if user_pk is None else DailyUserUsage.objects.filter(**days, user_pk=user_pk)
    )
    return rollups.from_picousd(table.aggregate(total=Sum("cost_picousd"))["total"])
