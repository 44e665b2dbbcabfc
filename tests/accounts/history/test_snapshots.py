"""snapshot_health: one snapshot per account and day, the stored health refreshed, past days
back-filled from the facts as they stood then, daily by Celery beat."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Account, AccountHealth, HealthSnapshot
from tests.accounts.history.conftest import stored
from tests.factories import AccountFactory, ActivityFactory, DealFactory
from tests.support.commands import run_command

pytestmark = pytest.mark.django_db


def ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_a_snapshot_run_refreshes_what_time_alone_changed_and_writes_todays_snapshot(capsys):
    account = AccountFactory(external_id="ACC-1")
    ActivityFactory(account=account, occurred_at=ago(10))
    # As if the last refresh were long ago: the activity is now older than the inactivity limit.
    account.activities.update(occurred_at=ago(45))
    HealthSnapshot.objects.all().delete()

    code, out, _ = run_command("snapshot_health", capsys=capsys)

    assert code == 0 and "1 account(s)" in out
    assert stored(account).signals == ["inactivity", "engagement_drop"]
    assert list(HealthSnapshot.objects.values_list("day", "signals")) == [
        (timezone.localdate(), ["inactivity", "engagement_drop"])
    ]


def test_running_it_twice_the_same_day_adds_nothing(capsys):
    AccountFactory.create_batch(3)
    run_command("snapshot_health", capsys=capsys)
    first = list(HealthSnapshot.objects.order_by("pk").values("pk", "account", "day", "score", "signals"))

    run_command("snapshot_health", capsys=capsys)

    assert list(HealthSnapshot.objects.order_by("pk").values("pk", "account", "day", "score", "signals")) == first
    assert HealthSnapshot.objects.count() == AccountHealth.objects.count() == 3


def test_batches_smaller_than_the_book_cover_every_account(capsys):
    AccountFactory.create_batch(7)
    HealthSnapshot.objects.all().delete()

    run_command("snapshot_health", "--batch-size", "3", capsys=capsys)

    assert HealthSnapshot.objects.filter(day=timezone.localdate()).count() == 7


def test_backfill_reads_the_activities_as_they_stood_each_day(capsys):
    account = AccountFactory(external_id="ACC-1")
    ActivityFactory(account=account, occurred_at=ago(5))  # before it, nothing: inactive

    run_command("snapshot_health", "--backfill", "10", capsys=capsys)

    series = dict(HealthSnapshot.objects.filter(account=account).values_list("day", "signals"))
    today = timezone.localdate()
    assert len(series) == 11
    assert series[today - dt.timedelta(days=10)] == ["inactivity"]
    assert series[today - dt.timedelta(days=6)] == ["inactivity"]
    assert series[today - dt.timedelta(days=5)] == []
    assert series[today] == []


def test_backfill_counts_a_deal_from_its_last_stage_change_and_leaves_the_current_health_alone(capsys):
    account = AccountFactory(external_id="ACC-1")
    ActivityFactory(account=account, occurred_at=ago(1))
    DealFactory(account=account, stage_changed_at=ago(35))
    refreshed_at = stored(account).refreshed_at

    run_command("snapshot_health", "--backfill", "10", capsys=capsys)

    day = timezone.localdate() - dt.timedelta(days=6)
    # 29 days in stage then: not stalled yet (more than 30 whole days is); its activity not yet logged.
    assert HealthSnapshot.objects.get(account=account, day=day).signals == ["inactivity"]
    assert stored(account).refreshed_at > refreshed_at  # refreshed by today's run, not a past day


@pytest.mark.parametrize("days", ["-1", "366"])
def test_a_backfill_out_of_range_is_refused(capsys, days):
    AccountFactory()
    HealthSnapshot.objects.all().delete()

    code, _, err = run_command("snapshot_health", "--backfill", days, capsys=capsys)

    assert code == 2 and "--backfill must be between 0 and 365 days" in err
    assert not HealthSnapshot.objects.exists()


def test_seed_demo_gives_each_new_account_ninety_days_of_history():
    from accounts.services import seed_demo

    seed_demo(accounts=8)

    today = timezone.localdate()
    for account in Account.objects.all():
        days = list(account.health_snapshots.values_list("day", flat=True))
        assert days[0] == today - dt.timedelta(days=90) and days[-1] == today and len(days) == 91
    # The demo's inactive account went quiet 45 days ago: its history shows the signal appearing.
    inactive = Account.objects.get(external_id="ACC-20001")
    signals = dict(inactive.health_snapshots.values_list("day", "signals"))
    assert "inactivity" not in signals[today - dt.timedelta(days=20)]
    assert "inactivity" in signals[today - dt.timedelta(days=10)]


def test_celery_beat_runs_the_snapshot_daily_at_the_configured_time(settings):
    from sergas.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["snapshot-health"]

    assert entry["task"] == "accounts.snapshot_health"
    minute, hour = settings.HEALTH_SNAPSHOT_CRONTAB.split()[:2]
    assert entry["schedule"].minute == {int(minute)} and entry["schedule"].hour == {int(hour)}


def test_the_celery_task_writes_todays_snapshots():
    from accounts.tasks import snapshot_health

    AccountFactory.create_batch(2)
    HealthSnapshot.objects.all().delete()

    assert snapshot_health.apply().get() == 2
    assert HealthSnapshot.objects.filter(day=timezone.localdate()).count() == 2
