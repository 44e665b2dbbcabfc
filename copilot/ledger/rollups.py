"""Daily rollups of finished calls, kept exactly equal to the raw rows.

Every finished AnalysisRequest is counted by ``record_finished`` in the same transaction that
finishes it, with one ``INSERT … ON CONFLICT DO UPDATE`` per rollup table (the same SQL on
SQLite and PostgreSQL), so a dashboard never lags and never double counts. ``rebuild``
recomputes the rollups from the raw rows, reports every difference and can replace them: the
``rebuild_usage_rollups`` command runs it.

A call belongs to the local day (``TIME_ZONE``) of its ``created_at``; pending calls are not
counted until they finish. Changing ``TIME_ZONE`` needs a rebuild.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import BigIntegerField, Count, F, Max, Min, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, Round, TruncDate
from django.utils import timezone

from copilot.models import (
    AnalysisRequest,
    DailyAccountUsage,
    DailyLatency,
    DailyUsage,
    DailyUserUsage,
    RollupTotals,
    TokenUsage,
)

PICO = Decimal(10) ** 12
# Latency buckets grow by 5%: a percentile read from them is within 2.5% of the exact one.
LATENCY_RATIO = 1.05
_LOG_RATIO = math.log(LATENCY_RATIO)
MIN_LATENCY_MS = 0.1

UNSUCCESSFUL = (AnalysisRequest.Status.FAILED, AnalysisRequest.Status.CANCELLED)
TOTALS_TABLES = (DailyUsage, DailyAccountUsage, DailyUserUsage)
ALL_TABLES = (*TOTALS_TABLES, DailyLatency)


def to_picousd(cost: Decimal) -> int:
    picos = cost * PICO
    if picos != picos.to_integral_value():
        raise ValueError(f"cost {cost} has more than 12 decimal places")
    return int(picos)


def from_picousd(picos: int | None) -> Decimal:
    return Decimal(picos or 0) / PICO


def latency_bucket(latency_ms: float) -> int:
    return math.floor(math.log(max(latency_ms, MIN_LATENCY_MS)) / _LOG_RATIO)


def bucket_latency_ms(bucket: int) -> float:
    """The geometric middle of a bucket: at most 2.5% from any latency in it."""
    return LATENCY_RATIO ** (bucket + 0.5)


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """``[start of first, start of the day after last)`` in the configured time zone."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return since, until


# --- writing, in the caller's transaction ------------------------------------------------------


def record_finished(record: AnalysisRequest, usage: TokenUsage | None = None) -> None:
    """Count one finished call. Call it inside the transaction that finishes ``record``."""
    for table, keys, amounts in _increments(record, usage):
        _increment(table, keys, amounts)


def record_unfinished(record: AnalysisRequest) -> None:
    """Take back the count of a call that was finished too early (see ``analysis.recovery``)."""
    for table, keys, amounts in _increments(record, None):
        _increment(table, keys, {name: -value for name, value in amounts.items()})
        table.objects.filter(**keys, **dict.fromkeys(table.COUNTERS, 0)).delete()  # as if never counted


def _increments(record: AnalysisRequest, usage: TokenUsage | None) -> list[tuple[type, dict, dict]]:
    day = timezone.localdate(record.created_at)
    amounts = {
        "requests": 1,
        "failed_requests": int(record.status in UNSUCCESSFUL),
        "input_tokens": usage.input_tokens if usage else 0,
        "output_tokens": usage.output_tokens if usage else 0,
        "cache_read_tokens": usage.cache_read_tokens if usage else 0,
        "cache_creation_tokens": usage.cache_creation_tokens if usage else 0,
        "cost_picousd": to_picousd(usage.cost_usd) if usage and usage.cost_usd is not None else 0,
        "unpriced_requests": int(usage is not None and usage.cost_usd is None),
    }
    outcome = {"model": record.model, "source": record.source, "status": record.status, "error_code": record.error_code}
    rows = [
        (DailyUsage, {"day": day, **outcome}, amounts),
        (DailyAccountUsage, {"day": day, "account_pk": record.account_id or 0}, amounts),
        (DailyUserUsage, {"day": day, "user_pk": record.user_id or 0}, amounts),
    ]
    if _has_provider_latency(record):
        bucket = {"day": day, "model": record.model, "bucket": latency_bucket(record.latency_ms)}
        rows.append((DailyLatency, bucket, {"calls": 1}))
    return rows


def _has_provider_latency(record: AnalysisRequest) -> bool:
    return record.status == AnalysisRequest.Status.SUCCEEDED and not record.cache_hit and record.latency_ms is not None


def _increment(table: type, keys: dict, amounts: dict) -> None:
    """Add ``amounts`` to the row at ``keys``, creating it when missing, in one statement."""
    values = [
        table._meta.get_field(column).get_db_prep_save(value, connection)
        for column, value in {**keys, **amounts}.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(connection.vendor, table, tuple(keys), tuple(amounts)), values)


@functools.cache
def _upsert_sql(vendor: str, table: type, keys: tuple[str, ...], amounts: tuple[str, ...]) -> str:
    """Built once per table and column set: every finished call runs it up to four times."""
    quote = connection.ops.quote_name
    name = quote(table._meta.db_table)
    columns = [*keys, *amounts]
    updates = ", ".join(f"{quote(c)} = {name}.{quote(c)} + excluded.{quote(c)}" for c in amounts)
    # Identifiers come from model metadata, values are parameters.
    return (
        f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {updates}"
    )


def fold_into_none(table: type, key: str, pk: int) -> None:
    """A deleted account or user leaves its calls with no account or user: so do its rollups."""
    rows = list(table.objects.filter(**{key: pk}).values("day", *RollupTotals.COUNTERS))
    for row in rows:
        day = row.pop("day")
        _increment(table, {"day": day, key: 0}, row)
    table.objects.filter(**{key: pk}).delete()


# --- rebuilding from the raw rows --------------------------------------------------------------


@dataclass
class TableDifference:
    table: str
    missing: int = 0  # rows the raw data needs that the rollup lacks
    extra: int = 0  # rollup rows with no raw data behind them
    changed: int = 0  # rows present in both with different counters
    examples: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.missing + self.extra + self.changed


@dataclass
class RebuildReport:
    first_day: dt.date | None
    last_day: dt.date | None
    raw_requests: int
    differences: list[TableDifference]
    fixed: bool

    @property
    def clean(self) -> bool:
        return not any(d.rows for d in self.differences)


REBUILD_CHUNK_DAYS = 7


def rebuild(*, first: dt.date | None = None, last: dt.date | None = None, fix: bool = True) -> RebuildReport:
    """Recompute the rollups of ``first``..``last`` (default: all history) from raw rows,
    compare them with the stored ones and, when ``fix``, replace the stored ones.

    It works a week at a time, each week in its own transaction, so the calls finishing
    meanwhile wait seconds at most (SQLite's busy timeout is 30 s), never the whole rebuild."""
    report = RebuildReport(first, last, 0, [TableDifference(table.__name__) for table in ALL_TABLES], fix)
    span_first, span_last = _history_span()
    first, last = first or span_first, last or span_last
    if first is None or last is None:
        return report  # nothing recorded, nothing rolled up
    while first <= last:
        chunk_last = min(first + dt.timedelta(days=REBUILD_CHUNK_DAYS - 1), last)
        raw_requests, differences = _rebuild_days(first, chunk_last, fix=fix)
        report.raw_requests += raw_requests
        for total, part in zip(report.differences, differences, strict=True):
            total.missing += part.missing
            total.extra += part.extra
            total.changed += part.changed
            total.examples.extend(part.examples[: max(0, 5 - len(total.examples))])
        first = chunk_last + dt.timedelta(days=1)
    return report


def _history_span() -> tuple[dt.date | None, dt.date | None]:
    """The first and last day with either raw calls or stored rollups."""
    calls = AnalysisRequest.objects.values_list("created_at", flat=True)
    days = [
        timezone.localdate(moment)
        for moment in (calls.order_by("created_at").first(), calls.order_by("-created_at").first())
        if moment
    ]
    for table in ALL_TABLES:
        span = table.objects.aggregate(first=Min("day"), last=Max("day"))
        days.extend(day for day in span.values() if day is not None)
    return (min(days), max(days)) if days else (None, None)


def _rebuild_days(first: dt.date, last: dt.date, *, fix: bool) -> tuple[int, list[TableDifference]]:
    with transaction.atomic():
        if fix and connection.vendor == "postgresql":
            # Calls finishing meanwhile wait, so none is counted twice or lost.
            tables = ", ".join(connection.ops.quote_name(t._meta.db_table) for t in ALL_TABLES)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        since, until = day_bounds(first, last)
        finished = (
            AnalysisRequest.objects.exclude(status=AnalysisRequest.Status.PENDING)
            .filter(created_at__gte=since, created_at__lt=until)
            .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        )
        differences = []
        for table, computed in _computed_rollups(finished):
            stored = table.objects.filter(day__gte=first, day__lte=last)
            differences.append(_compare(table, _keyed(table, stored.values()), computed))
            if fix and differences[-1].rows:
                stored.delete()
                table.objects.bulk_create(
                    (table(**dict(zip(table.KEYS, key, strict=True)), **row) for key, row in computed.items()),
                    batch_size=1000,
                )
        return finished.count(), differences


def totals_expressions() -> dict:
    """The rollups' counters as aggregates over AnalysisRequest rows (the dashboards' hours use them too)."""
    status = AnalysisRequest.Status
    picos = Cast(Round(F("usage__cost_usd") * Value(PICO)), output_field=BigIntegerField())
    return {
        "requests": Count("pk"),
        "failed_requests": Count("pk", filter=Q(status__in=UNSUCCESSFUL)),
        "input_tokens": Coalesce(Sum("usage__input_tokens"), 0),
        "output_tokens": Coalesce(Sum("usage__output_tokens"), 0),
        "cache_read_tokens": Coalesce(Sum("usage__cache_read_tokens"), 0),
        "cache_creation_tokens": Coalesce(Sum("usage__cache_creation_tokens"), 0),
        "cost_picousd": Coalesce(Sum(picos), 0),
        "unpriced_requests": Count(
            "pk", filter=Q(status=status.SUCCEEDED, usage__isnull=False, usage__cost_usd__isnull=True)
        ),
    }


def _computed_rollups(finished) -> Iterable[tuple[type, dict]]:
    totals = totals_expressions()
    by_outcome = finished.values("day", "model", "source", "status", "error_code").annotate(**totals).order_by()
    yield DailyUsage, _keyed(DailyUsage, by_outcome)
    by_account = finished.annotate(account_pk=Coalesce("account_id", 0)).values("day", "account_pk").annotate(**totals)
    yield DailyAccountUsage, _keyed(DailyAccountUsage, by_account.order_by())
    by_user = finished.annotate(user_pk=Coalesce("user_id", 0)).values("day", "user_pk").annotate(**totals)
    yield DailyUserUsage, _keyed(DailyUserUsage, by_user.order_by())
    latencies = (
        finished.filter(status=AnalysisRequest.Status.SUCCEEDED, cache_hit=False, latency_ms__isnull=False)
        .values_list("day", "model", "latency_ms")
        .iterator(chunk_size=5000)
    )
    histogram: dict[tuple, dict] = {}
    for day, model, latency_ms in latencies:
        row = histogram.setdefault((day, model, latency_bucket(latency_ms)), {"calls": 0})
        row["calls"] += 1
    yield DailyLatency, histogram


def _keyed(table: type, rows: Iterable[dict]) -> dict[tuple, dict]:
    return {tuple(row[k] for k in table.KEYS): {c: int(row[c]) for c in table.COUNTERS} for row in rows}


def _compare(table: type, stored: dict[tuple, dict], computed: dict[tuple, dict]) -> TableDifference:
    difference = TableDifference(table=table.__name__)
    for key in stored.keys() | computed.keys():
        have, want = stored.get(key), computed.get(key)
        if have == want:
            continue
        if have is None:
            difference.missing += 1
        elif want is None:
            difference.extra += 1
        else:
            difference.changed += 1
        if len(difference.examples) < 5:
            difference.examples.append(
                f"{dict(zip(table.KEYS, map(str, key), strict=True))}: stored {have}, raw rows give {want}"
            )
    return difference
