"""Accounts that existed before stored health get it from the migration that adds it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_account_health")]


# Like the suite's other transactional tests, so the next one finds the database as it expects.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_stores_the_health_of_existing_accounts_and_todays_snapshot():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    account = old.get_model("accounts", "Account").objects.create(external_id="ACC-1", name="Old", status="at_risk")
    old.get_model("accounts", "Activity").objects.create(
        account=account, kind="call", subject="Hi", occurred_at=timezone.now()
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

        new = executor.loader.project_state(AFTER).apps
        health = new.get_model("accounts", "AccountHealth").objects.get(pk=account.pk)
        snapshot = new.get_model("accounts", "HealthSnapshot").objects.get(account_id=account.pk)
        assert (health.score, health.band, health.signals) == (65, "watch", ["at_risk_status"])
        assert health.details[0]["code"] == "at_risk_status"
        assert (snapshot.day, snapshot.signals) == (timezone.localdate(), ["at_risk_status"])
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
