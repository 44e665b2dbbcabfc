"""Read queries for accounts: visibility and the facts that account health needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import health
from accounts.models import Account, Activity, Deal


def visible_accounts(user) -> QuerySet[Account]:
    """Staff see every account; an account manager sees the accounts they own."""
    accounts = Account.objects.select_related("owner")
    if user is None or not user.is_authenticated:
        return accounts.none()
    if user.is_staff:
        return accounts
    return accounts.filter(owner=user)


def _count_subquery(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("account").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _windows(now: dt.datetime) -> tuple[dt.timedelta, dt.datetime]:
    rules = health.rules()
    window = dt.timedelta(days=rules["ENGAGEMENT_WINDOW_DAYS"])
    # "More than N whole days in stage" means at least N+1 days have elapsed.
    stalled_before = now - dt.timedelta(days=rules["STALLED_DEAL_DAYS"] + 1)
    return window, stalled_before


def with_health_facts(accounts: QuerySet[Account], *, now: dt.datetime | None = None) -> QuerySet[Account]:
    """Annotate each account with the facts ``accounts.health.evaluate`` needs, in one query
    (for lists and bulk runs; ``health_facts`` is cheaper for a single account)."""
    now = now or timezone.now()
    window, stalled_before = _windows(now)
    activities = Activity.objects.filter(account=OuterRef("pk"))
    open_deals = Deal.objects.filter(account=OuterRef("pk")).exclude(stage__in=Deal.CLOSED_STAGES)
    return accounts.annotate(
        last_activity_at=Subquery(
            activities.order_by().values("account").annotate(last=Max("occurred_at")).values("last")
        ),
        recent_activity_count=_count_subquery(activities.filter(occurred_at__gt=now - window, occurred_at__lte=now)),
        prior_activity_count=_count_subquery(
            activities.filter(occurred_at__gt=now - 2 * window, occurred_at__lte=now - window)
        ),
        open_deal_count=_count_subquery(open_deals),
        stalled_deal_count=_count_subquery(open_deals.filter(stage_changed_at__lte=stalled_before)),
    )


def health_facts(account: Account, *, now: dt.datetime) -> health.HealthFacts:
    """The same facts as ``with_health_facts`` for one account, from two plain aggregates."""
    window, stalled_before = _windows(now)
    activity = Activity.objects.filter(account=account).aggregate(
        last=Max("occurred_at"),
        recent=Count("pk", filter=Q(occurred_at__gt=now - window, occurred_at__lte=now)),
        prior=Count("pk", filter=Q(occurred_at__gt=now - 2 * window, occurred_at__lte=now - window)),
    )
    deals = (
        Deal.objects.filter(account=account)
        .exclude(stage__in=Deal.CLOSED_STAGES)
        .aggregate(open=Count("pk"), stalled=Count("pk", filter=Q(stage_changed_at__lte=stalled_before)))
    )
    return health.HealthFacts(
        status=account.status,
        last_activity_at=activity["last"],
        recent_activity_count=activity["recent"],
        prior_activity_count=activity["prior"],
        open_deal_count=deals["open"],
        stalled_deal_count=deals["stalled"],
        contract_end=account.contract_end,
    )


def facts_of(account: Account) -> health.HealthFacts:
    """Facts from an account annotated by ``with_health_facts``."""
    return health.HealthFacts(
        status=account.status,
        last_activity_at=account.last_activity_at,
        recent_activity_count=account.recent_activity_count,
        prior_activity_count=account.prior_activity_count,
        open_deal_count=account.open_deal_count,
        stalled_deal_count=account.stalled_deal_count,
        contract_end=account.contract_end,
    )


def account_health(account: Account, *, now: dt.datetime | None = None) -> health.HealthReport:
    now = now or timezone.now()
    facts = facts_of(account) if hasattr(account, "stalled_deal_count") else health_facts(account, now=now)
    return health.evaluate(facts, now=now)


def accounts_with_health(
    accounts: QuerySet[Account], *, now: dt.datetime | None = None, chunk_size: int = 500
) -> Iterator[tuple[Account, health.HealthReport]]:
    """Stream (account, health) pairs in chunks, so memory stays flat for any number of accounts."""
    now = now or timezone.now()
    for account in with_health_facts(accounts, now=now).iterator(chunk_size=chunk_size):
        yield account, health.evaluate(facts_of(account), now=now)
