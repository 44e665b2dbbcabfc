"""Read queries for accounts: visibility and the facts that account health needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import health
from accounts.models import Account, Activity, Deal


def sees_everything(user, *permissions: str) -> bool:
    """Whether ``user`` sees every row that the view ``permissions`` (``"app.view_model"``) cover,
    rather than only their own: a superuser, or staff holding them all, as in the admin.
    Everything that asks what a user may see (the APIs, the copilot's runs) asks here; anyone else
    sees what an account manager sees."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and user.has_perms(permissions))


def visible_accounts(user) -> QuerySet[Account]:
    """The accounts ``user`` may see, with their owners: every account for those who see every
    account (``sees_everything``), the accounts they own for anyone else signed in, else none."""
    accounts = Account.objects.select_related("owner")
    if user is None or not user.is_authenticated:
        return accounts.none()
    return accounts if sees_everything(user, "accounts.view_account") else accounts.filter(owner_id=user.pk)


def visible_account(user, external_id: str) -> Account | None:
    """The account ``visible_accounts(user)`` holds with this external id, if any."""
    return visible_accounts(user).filter(external_id=external_id).first()


def _count_subquery(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("account").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _fact_rules(now: dt.datetime) -> tuple[dict[str, Q], dict[str, Q]]:
    """What each counted fact counts: activities, then deals. Lists annotate them, one account
    aggregates them; both read these rules."""
    rules = health.rules()
    window = dt.timedelta(days=rules["ENGAGEMENT_WINDOW_DAYS"])
    # "More than N whole days in stage" means at least N+1 days have elapsed.
    stalled_before = now - dt.timedelta(days=rules["STALLED_DEAL_DAYS"] + 1)
    is_open = ~Q(stage__in=Deal.CLOSED_STAGES)
    activities = {
        "recent_activity_count": Q(occurred_at__gt=now - window, occurred_at__lte=now),
        "prior_activity_count": Q(occurred_at__gt=now - 2 * window, occurred_at__lte=now - window),
    }
    deals = {"open_deal_count": is_open, "stalled_deal_count": is_open & Q(stage_changed_at__lte=stalled_before)}
    return activities, deals


def with_health_facts(
    accounts: QuerySet[Account], *, now: dt.datetime | None = None, as_of_then: bool = False
) -> QuerySet[Account]:
    """Annotate each account with the facts ``accounts.health.evaluate`` needs, in one query.

    ``as_of_then`` reads the facts as they stood at ``now`` in the past: only activities that had
    happened by then, and only deals whose (current) stage had been reached by then. The models
    come from the queryset, so a data migration can pass its historical ``Account``."""
    now = now or timezone.now()
    activity_rules, deal_rules = _fact_rules(now)
    activity_model = accounts.model._meta.get_field("activities").related_model
    deal_model = accounts.model._meta.get_field("deals").related_model
    activities = activity_model.objects.filter(account=OuterRef("pk"))
    deals = deal_model.objects.filter(account=OuterRef("pk"))
    if as_of_then:
        activities = activities.filter(occurred_at__lte=now)
        deals = deals.filter(stage_changed_at__lte=now)
    return accounts.annotate(
        last_activity_at=Subquery(
            activities.order_by().values("account").annotate(last=Max("occurred_at")).values("last")
        ),
        **{name: _count_subquery(activities.filter(rule)) for name, rule in activity_rules.items()},
        **{name: _count_subquery(deals.filter(rule)) for name, rule in deal_rules.items()},
    )


def _single_account_facts(account: Account, now: dt.datetime) -> dict:
    """The facts of ``with_health_facts`` for one account: two plain aggregates, far cheaper to
    build than its subqueries."""
    activity_rules, deal_rules = _fact_rules(now)
    return {
        **account.activities.aggregate(
            last_activity_at=Max("occurred_at"),
            **{name: Count("pk", filter=rule) for name, rule in activity_rules.items()},
        ),
        **account.deals.aggregate(**{name: Count("pk", filter=rule) for name, rule in deal_rules.items()}),
    }


def facts_version(account: Account) -> int:
    """The account's ``facts_version`` as stored now (the caller's copy of the row may be older)."""
    return Account.objects.filter(pk=account.pk).values_list("facts_version", flat=True).get()


def open_deals_of(account: Account) -> QuerySet[Deal]:
    """The account's open deals, largest first."""
    return account.deals.exclude(stage__in=Deal.CLOSED_STAGES).order_by("-amount", "pk")


def recent_activities_of(account: Account) -> QuerySet[Activity]:
    """The account's activities, newest first."""
    return account.activities.order_by("-occurred_at", "pk")


_COUNTED = ("recent_activity_count", "prior_activity_count", "open_deal_count", "stalled_deal_count")


def facts_of(account: Account, counted: dict | None = None) -> health.HealthFacts:
    """Facts from an account annotated by ``with_health_facts``, or from ``counted``."""
    counted = (
        counted if counted is not None else {name: getattr(account, name) for name in ("last_activity_at", *_COUNTED)}
    )
    return health.HealthFacts(status=account.status, contract_end=account.contract_end, **counted)


def account_health(account: Account, *, now: dt.datetime | None = None) -> health.HealthReport:
    """The health of one account (annotated by ``with_health_facts`` or not)."""
    now = now or timezone.now()
    counted = None if hasattr(account, "stalled_deal_count") else _single_account_facts(account, now)
    return health.evaluate(facts_of(account, counted), now=now)


def accounts_with_health(
    accounts: QuerySet[Account], *, now: dt.datetime | None = None, chunk_size: int = 500, as_of_then: bool = False
) -> Iterator[tuple[Account, health.HealthReport]]:
    """Stream (account, health) pairs in chunks, so memory stays flat for any number of accounts."""
    now = now or timezone.now()
    for account in with_health_facts(accounts, now=now, as_of_then=as_of_then).iterator(chunk_size=chunk_size):
        yield account, health.evaluate(facts_of(account), now=now)
