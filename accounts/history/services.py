"""Writes of stored health: one account refreshed in the transaction of a change to its facts,
every account's daily snapshot, and past days back-filled from the facts as they stood then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts import health
from accounts.models import Account
from accounts.selectors import account_health, accounts_with_health

BATCH_SIZE = 1000
_HEALTH_FIELDS = ["score", "band", "signals", "details", "signal_mask", "refreshed_at"]
_SNAPSHOT_FIELDS = ["score", "band", "signals", "signal_mask"]


def signal_mask(names: Iterable[str]) -> int:
    """One bit per signal name, in ``health.SIGNALS`` order."""
    names = set(names)
    return sum(1 << index for index, name in enumerate(health.SIGNALS) if name in names)


def _stored_fields(report: health.HealthReport) -> dict:
    names = [signal.code for signal in report.signals]
    return {"score": report.score, "band": report.band, "signals": names, "signal_mask": signal_mask(names)}


def _store(
    account_model,
    pairs: list[tuple[int, health.HealthReport]],
    *,
    day: dt.date,
    now: dt.datetime,
    current: bool,
) -> None:
    """Upsert the snapshot of ``day`` for each (account id, report) and, when ``current``, the
    stored current health: one statement per table and batch, so repeating it changes nothing."""
    health_model = account_model._meta.get_field("health").related_model
    snapshot_model = account_model._meta.get_field("health_snapshots").related_model
    with transaction.atomic():
        # A snapshot's trigger writes its account's facts token (accounts.facts_triggers): the
        # accounts are locked first, in key order, as a write to their deals or activities locks
        # them before its snapshot, so no two writers wait for each other (PostgreSQL).
        ids = [pk for pk, _ in pairs]
        list(account_model.objects.filter(pk__in=ids).order_by("pk").select_for_update(no_key=True).values_list("pk"))
        snapshot_model.objects.bulk_create(
            [snapshot_model(account_id=pk, day=day, **_stored_fields(report)) for pk, report in pairs],
            update_conflicts=True,
            unique_fields=["account", "day"],
            update_fields=_SNAPSHOT_FIELDS,
        )
        if current:
            health_model.objects.bulk_create(
                [
                    health_model(
                        account_id=pk,
                        details=report.as_dict()["signals"],
                        refreshed_at=now,
                        **_stored_fields(report),
                    )
                    for pk, report in pairs
                ],
                update_conflicts=True,
                unique_fields=["account"],
                update_fields=_HEALTH_FIELDS,
            )


def health_refresh(account: Account, *, now: dt.datetime | None = None) -> health.HealthReport:
    """Recompute one account's health from its facts and store it with today's snapshot. Call it
    inside the transaction that changed the facts (an activity, a deal, the status, the contract)."""
    now = now or timezone.now()
    report = account_health(account, now=now)
    _store(type(account), [(account.pk, report)], day=timezone.localdate(now), now=now, current=True)
    return report


def health_refresh_many(account_ids: Iterable[int], *, now: dt.datetime | None = None) -> None:
    """``health_refresh`` for a few accounts known by id (e.g. a deal moved between accounts)."""
    for account in Account.objects.filter(pk__in=set(account_ids)):
        health_refresh(account, now=now)


def _id_batches(accounts: QuerySet, batch_size: int) -> Iterable[QuerySet]:
    """The accounts in primary-key ranges of ``batch_size``: no cursor stays open while a batch
    is written, and no query carries thousands of parameters."""
    ids = list(accounts.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        yield accounts.filter(pk__gte=chunk[0], pk__lte=chunk[-1]), len(chunk)


def snapshot_accounts(
    accounts: QuerySet | None = None,
    *,
    now: dt.datetime | None = None,
    as_of_then: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the snapshot of ``now``'s day for each account, in batches, each its own transaction.

    For today (the default) the stored current health is refreshed too. ``as_of_then`` computes a
    past day from the facts as they stood at ``now`` (see ``with_health_facts``) and leaves the
    current health alone. Answers how many accounts were written."""
    accounts = Account.objects.all() if accounts is None else accounts
    now = now or timezone.now()
    day = timezone.localdate(now)
    written = 0
    for batch, size in _id_batches(accounts, batch_size):
        pairs = [
            (account.pk, report)
            for account, report in accounts_with_health(batch, now=now, chunk_size=batch_size, as_of_then=as_of_then)
        ]
        with transaction.atomic():
            _store(accounts.model, pairs, day=day, now=now, current=not as_of_then)
        written += len(pairs)
        if progress is not None:
            progress(size)
    return written


def backfill_moments(days: int, *, now: dt.datetime) -> list[dt.datetime]:
    """The end of each of the ``days`` days before today, oldest first: the moments back-filled."""
    today = timezone.localdate(now)
    moments = []
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        # The last moment of that day: the snapshot holds the day's final state, like a live one.
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min) - dt.timedelta(microseconds=1)
        moments.append(timezone.make_aware(end))
    return moments


def backfill(
    days: int,
    accounts: QuerySet | None = None,
    *,
    now: dt.datetime | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Snapshots for each of the ``days`` days before today from the facts as they stood then.

    What cannot be reconstructed: past statuses and contract ends (today's are used), a deal's
    past stages (a deal counts from its latest stage change, at its current stage)."""
    now = now or timezone.now()
    written = 0
    for moment in backfill_moments(days, now=now):
        written += snapshot_accounts(accounts, now=moment, as_of_then=True, batch_size=batch_size, progress=progress)
    return written
