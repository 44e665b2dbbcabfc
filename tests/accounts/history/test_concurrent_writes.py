"""A snapshot run and a change to an account's facts at the same moment both finish: each takes
the account's row (its facts token) before its snapshot, so neither waits for the other."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounts.history.services import health_refresh, snapshot_accounts
from accounts.models import Account, Activity
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite lets one transaction write at a time")


def test_a_snapshot_run_beside_an_activity_being_logged_both_finish():
    account = AccountFactory()
    logged, run_started = threading.Event(), threading.Event()
    failures = []

    def log_an_activity():
        try:
            with transaction.atomic():
                Activity.objects.create(account=account, kind="call", occurred_at=timezone.now(), subject="Hi")
                logged.set()  # the account's row is now this transaction's until it commits
                run_started.wait(10)
                threading.Event().wait(0.3)  # the run is waiting for the account's row by now
                health_refresh(Account.objects.get(pk=account.pk))  # today's snapshot, in turn
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    def run_snapshots():
        try:
            logged.wait(10)
            run_started.set()
            snapshot_accounts(Account.objects.filter(pk=account.pk))
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=log_an_activity), threading.Thread(target=run_snapshots)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert failures == []
    assert account.activities.count() == 1
