"""Reads of stored health: lists filtered and ordered by it, an account's daily series and the
signals that appeared or cleared, and which accounts changed since a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, JSONField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from accounts import health
from accounts.history.services import health_refresh, signal_mask
from accounts.models import Account, AccountHealth, HealthSnapshot


def with_stored_health(accounts: QuerySet[Account]) -> QuerySet[Account]:
    """The accounts with their stored health joined in (``account.health``)."""
    return accounts.select_related("health")


def filter_by_health(
    accounts: QuerySet[Account],
    *,
    bands: Sequence[str] = (),
    signals: Sequence[str] = (),
    order_by_health: bool = False,
) -> QuerySet[Account]:
    """Accounts in any of ``bands`` on which every one of ``signals`` fires, in SQL on the stored
    health; ``order_by_health`` puts the worst score first (ties by external id). Accounts not
    yet stored (see ``ensure_stored``) match no band or signal and come last."""
    accounts = with_stored_health(accounts)
    if bands:
        accounts = accounts.filter(health__band__in=list(bands))
    # One test per signal's bit, not one of the whole mask: the bits are what PostgreSQL keeps
    # statistics on (accounts migration 0004), so it knows how many accounts each filter leaves.
    for bit in sorted({signal_mask([name]) for name in signals}):
        accounts = accounts.filter(Exact(F("health__signal_mask").bitand(bit), bit))
    if order_by_health:
        accounts = accounts.order_by(F("health__score").asc(nulls_last=True), "external_id")
    return accounts


def ensure_stored(accounts: Iterable[Account]) -> list[Account]:
    """The accounts (loaded ``with_stored_health``), each with a stored health: one that has none
    yet (made outside the services, e.g. in a shell) is computed and stored now. For a page, not
    a book: it is one account's work per missing row."""
    accounts = list(accounts)
    for account in accounts:
        if not _has_stored(account):
            health_refresh(account)
            account.health = AccountHealth.objects.get(pk=account.pk)
    return accounts


def _has_stored(account: Account) -> bool:
    try:
        account.health  # noqa: B018  (a reverse one-to-one raises when the row is missing)
    except AccountHealth.DoesNotExist:
        return False
    return True


def stored_health(account: Account) -> AccountHealth:
    """One account's stored health, stored first if it has none yet."""
    return ensure_stored([account])[0].health


def report_of(stored: AccountHealth) -> dict:
    """The stored health as the API's health object: score, band and each signal's details."""
    return {"score": stored.score, "band": stored.band, "signals": stored.details}


# --- Series and changes -------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    day: dt.date
    signal: str
    change: str  # "appeared" | "cleared"


def signal_changes(snapshots: Sequence, *, baseline=None) -> list[Change]:
    """The signals that appeared or cleared on each snapshot's day against the snapshot before it
    (``baseline`` before the first), in day order then signal order."""
    changes = []
    previous = baseline
    for snapshot in snapshots:
        if previous is not None:
            before, after = set(previous.signals), set(snapshot.signals)
            for name in health.SIGNALS:
                if name in after and name not in before:
                    changes.append(Change(snapshot.day, name, "appeared"))
                elif name in before and name not in after:
                    changes.append(Change(snapshot.day, name, "cleared"))
        previous = snapshot
    return changes


@dataclass(frozen=True)
class Trend:
    series: list  # HealthSnapshot, or rows of the fields asked for
    changes: list[Change]
    baseline: object = None  # the latest snapshot before the window, if any


def health_trend(account: Account, *, days: int, today: dt.date | None = None, fields: Sequence[str] = ()) -> Trend:
    """The account's snapshots of the last ``days`` days (today included), oldest first, and the
    signals that appeared or cleared on each of them against the snapshot before (the first day
    against the latest snapshot before the window, when there is one). ``fields``: the snapshots
    as rows of just those fields (``day`` and ``signals`` among them) rather than models."""
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    latest = HealthSnapshot.objects.filter(account=account, day__lte=today).order_by("-day")
    if fields:
        latest = latest.values_list(*fields, named=True)
    # One a day at most: the newest days + 1 are the window's and, when there is one, the one before.
    newest = list(latest[: days + 1])
    series = [snapshot for snapshot in reversed(newest) if snapshot.day >= first]
    baseline = next((snapshot for snapshot in newest if snapshot.day < first), None)
    return Trend(series=series, changes=signal_changes(series, baseline=baseline), baseline=baseline)


# --- Changes since a day --------------------------------------------------------------------

BAND_RANK = {"healthy": 0, "watch": 1, "at_risk": 2}


def _band_rank(field: str) -> Case:
    return Case(*(When(**{field: band}, then=Value(rank)) for band, rank in BAND_RANK.items()), default=Value(0))


def changed_since(accounts: QuerySet[Account], since: dt.date) -> QuerySet[Account]:
    """The accounts whose stored band or signals differ from their snapshot of ``since`` (their
    latest snapshot on or before it), worst change first: the band that worsened most, then the
    largest score drop. Each carries ``band_before``, ``score_before`` and ``signals_before``;
    an account with no snapshot by then has nothing to compare with and is left out."""
    baseline = HealthSnapshot.objects.filter(account=OuterRef("pk"), day__lte=since).order_by("-day")
    accounts = (
        with_stored_health(accounts)
        .filter(health__isnull=False)
        .annotate(
            band_before=Subquery(baseline.values("band")[:1]),
            score_before=Subquery(baseline.values("score")[:1], output_field=IntegerField()),
            mask_before=Subquery(baseline.values("signal_mask")[:1], output_field=IntegerField()),
            signals_before=Subquery(baseline.values("signals")[:1], output_field=JSONField()),
        )
        .filter(band_before__isnull=False)
        .filter(~Q(band_before=F("health__band")) | ~Q(mask_before=F("health__signal_mask")))
    )
    return accounts.annotate(
        worsened_by=_band_rank("health__band") - _band_rank("band_before"),
        dropped_by=Coalesce(F("score_before"), Value(0)) - F("health__score"),
    ).order_by("-worsened_by", "-dropped_by", "external_id")


def appeared_and_cleared(before: Sequence[str], after: Sequence[str]) -> tuple[list[str], list[str]]:
    """The signal names in ``after`` but not ``before``, and the reverse, in rule order."""
    before, after = set(before), set(after)
    return (
        [name for name in health.SIGNALS if name in after and name not in before],
        [name for name in health.SIGNALS if name in before and name not in after],
    )


# --- What the copilot is told ---------------------------------------------------------------


def stored_report(account: Account) -> health.HealthReport:
    """The account's stored health as a ``HealthReport`` (stored first if it had none)."""
    stored = stored_health(account)
    signals = [health.Signal(**detail) for detail in stored.details]
    return health.HealthReport(score=stored.score, band=stored.band, signals=signals)


TREND_DAYS = 30


@dataclass(frozen=True)
class TrendFacts:
    score_week_ago: int | None
    score_month_ago: int | None
    changes: list[Change]  # the signals that appeared or cleared in the last TREND_DAYS days


def trend_facts(account: Account, *, today: dt.date | None = None) -> TrendFacts:
    """The account's score a week and a month ago (None without history then) and its signal
    changes of the last TREND_DAYS days."""
    today = today or timezone.localdate()
    trend = health_trend(account, days=TREND_DAYS, today=today, fields=("day", "score", "signals"))
    # Both scores are the latest snapshot on or before their day: in the window, or its baseline.
    week_ago = today - dt.timedelta(days=7)
    by_week_ago = [snapshot for snapshot in trend.series if snapshot.day <= week_ago] or [trend.baseline]
    return TrendFacts(
        score_week_ago=by_week_ago[-1].score if by_week_ago[-1] else None,
        score_month_ago=trend.baseline.score if trend.baseline else None,
        changes=trend.changes,
    )
