"""On PostgreSQL the planner knows how many accounts a signal filter leaves (the statistics of
accounts migration 0004), so a manager's filtered list starts from the manager's own accounts."""

import json

import pytest
from django.db import connection
from django.utils import timezone

from accounts.health import SIGNALS
from accounts.history.selectors import filter_by_health
from accounts.models import Account, AccountHealth
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="extended statistics are PostgreSQL's"),
]

ROWS = 12 << len(SIGNALS)  # every combination of signals, twelve times: each signal fires on half


def estimated_rows(queryset) -> float:
    return json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"]


def test_the_planner_expects_each_signal_on_the_accounts_it_fires_on():
    owner = UserFactory()
    accounts = Account.objects.bulk_create(
        Account(external_id=f"ACC-S{n:04d}", name=f"Account {n}", owner=owner) for n in range(ROWS)
    )
    AccountHealth.objects.bulk_create(
        AccountHealth(
            account=account, score=50, band="watch", signal_mask=n % (1 << len(SIGNALS)), refreshed_at=timezone.now()
        )
        for n, account in enumerate(accounts)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_account, accounts_accounthealth")

    for name in SIGNALS:  # a new signal without its bit in the statistics is guessed at a handful of rows
        assert estimated_rows(filter_by_health(Account.objects.all(), signals=[name])) > ROWS / 4, name
    both = filter_by_health(Account.objects.all(), signals=SIGNALS[:2])
    assert estimated_rows(both) > ROWS / 8
