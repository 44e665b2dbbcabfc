"""Reads for bulk runs: which accounts a selection chooses, what is left to do, a run's figures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.health import HealthReport
from accounts.history.selectors import stored_report, with_stored_health
from accounts.models import Account
from copilot.ledger import pricing
from copilot.models import BulkRun, BulkRunItem, Recommendation, TokenUsage

CHUNK = 500


@dataclass(frozen=True)
class Selection:
    all: bool = False
    ids: tuple[str, ...] = ()
    status: str | None = None
    owner: str | None = None
    health_below: int | None = None
    limit: int | None = None

    def as_dict(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if value not in (None, (), False)}

    @property
    def empty(self) -> bool:
        return not (self.all or self.ids or self.status or self.owner or self.health_below is not None)


def _filtered(selection: Selection) -> QuerySet[Account]:
    accounts: QuerySet[Account] = Account.objects.order_by("pk")
    if selection.ids:
        accounts = accounts.filter(external_id__in=selection.ids)
    if selection.status:
        accounts = accounts.filter(status=selection.status)
    if selection.owner:
        accounts = accounts.filter(owner__username=selection.owner)
    return accounts


def selected_with_health(selection: Selection) -> Iterator[tuple[Account, HealthReport]]:
    """The chosen accounts with their stored health, in id order and in chunks (memory stays
    flat); ``health_below`` is a filter on the stored score, in SQL."""
    accounts = with_stored_health(_filtered(selection))
    if selection.health_below is not None:
        # An account made outside the services has no stored row yet: kept, stored and checked below.
        accounts = accounts.filter(Q(health__score__lt=selection.health_below) | Q(health__isnull=True))
    chosen = 0
    for account in accounts.iterator(chunk_size=CHUNK):
        report = stored_report(account)
        if selection.health_below is not None and report.score >= selection.health_below:
            continue
        if selection.limit is not None and chosen >= selection.limit:
            return
        chosen += 1
        yield account, report


def selected_account_ids(selection: Selection) -> Iterator[int]:
    """The chosen accounts' primary keys, in id order: an account's health is computed only
    when the selection needs it."""
    if selection.health_below is not None:
        yield from (account.pk for account, _ in selected_with_health(selection))
        return
    ids = _filtered(selection).values_list("pk", flat=True)
    if selection.limit is not None:
        ids = ids[: selection.limit]
    yield from ids.iterator(chunk_size=CHUNK)


def missing_ids(selection: Selection) -> list[str]:
    found = set(Account.objects.filter(external_id__in=selection.ids).values_list("external_id", flat=True))
    return [external_id for external_id in selection.ids if external_id not in found]


def unfinished_runs() -> QuerySet[BulkRun]:
    return BulkRun.objects.filter(status__in=BulkRun.UNFINISHED).order_by("-created_at")


def pending_items(run: BulkRun, *, after: int = 0) -> list[BulkRunItem]:
    """The next chunk of the run's pending items after item ``after``, in id order."""
    pending = run.items.filter(status=BulkRunItem.Status.PENDING, pk__gt=after)
    return list(pending.select_related("run__user", "account").order_by("pk")[:CHUNK])


def open_item_count(run: BulkRun) -> int:
    return run.items.filter(status__in=BulkRunItem.OPEN).count()


def run_usage(run: BulkRun) -> dict:
    """Tokens and cost of the run's calls, from their TokenUsage rows."""
    return TokenUsage.objects.filter(analysis_request__bulk_run=run).aggregate(
        input_tokens=Sum("input_tokens"),
        output_tokens=Sum("output_tokens"),
        cache_read_tokens=Sum("cache_read_tokens"),
        cache_creation_tokens=Sum("cache_creation_tokens"),
        cost=Sum("cost_usd"),
        priced=Count("pk", filter=Q(cost_usd__isnull=False)),
        unpriced=Count("pk", filter=Q(cost_usd__isnull=True)),
    )


def run_summary(run: BulkRun) -> dict:
    """Figures for a run, computed from its rows."""
    by_status = dict(run.items.values_list("status").annotate(n=Count("pk")).order_by())
    failed_by_code = dict(
        run.items.filter(status=BulkRunItem.Status.FAILED).values_list("error_code").annotate(n=Count("pk")).order_by()
    )
    usage = run_usage(run)
    end = run.finished_at or timezone.now()
    return {
        "run_id": run.pk,
        "status": run.status,
        "backend": run.backend,
        "accounts": sum(by_status.values()),
        "succeeded": by_status.get(BulkRunItem.Status.SUCCEEDED, 0),
        "failed": by_status.get(BulkRunItem.Status.FAILED, 0),
        "failed_by_code": failed_by_code,
        "pending": by_status.get(BulkRunItem.Status.PENDING, 0) + by_status.get(BulkRunItem.Status.RUNNING, 0),
        "input_tokens": usage["input_tokens"] or 0,
        "output_tokens": usage["output_tokens"] or 0,
        "cache_read_tokens": usage["cache_read_tokens"] or 0,
        "cache_creation_tokens": usage["cache_creation_tokens"] or 0,
        "cost_usd": pricing.format_usd(usage["cost"] or Decimal(0)),
        "unpriced_calls": usage["unpriced"],
        # What its calls proposed through propose_actions (those still stored).
        "proposed_actions": Recommendation.objects.filter(analysis_request__bulk_run=run).count(),
        "elapsed_seconds": round((end - run.created_at).total_seconds(), 1),
    }
