"""Daily rollups: counted with each call, equal to the raw rows, rebuilt on demand."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.db.models import Sum
from django.utils import timezone

from copilot.analysis import service as services
from copilot.errors import CopilotError
from copilot.ledger import rollups
from copilot.models import AnalysisRequest, DailyAccountUsage, DailyLatency, DailyUsage, DailyUserUsage, TokenUsage
from tests.factories import AccountFactory, UserFactory, finished_call
from tests.support.commands import run_command
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db

QUESTION = [{"role": "user", "content": "Health review, please."}]


def rollup_cost(table=DailyUsage, **filters) -> Decimal:
    return rollups.from_picousd(table.objects.filter(**filters).aggregate(total=Sum("cost_picousd"))["total"])


def test_calls_through_the_service_are_counted_as_they_finish(provider, user):
    account = AccountFactory(owner=user)
    provider.enqueue(
        Reply.ok("Fine.", input_tokens=1234, output_tokens=567, cache_read_input_tokens=89),
        Reply.error(500),
        Reply.error(500),
        Reply.error(500),
    )
    services.analysis_run(user=user, account=account, messages=QUESTION)
    with pytest.raises(CopilotError):
        services.analysis_run(user=user, account=account, messages=QUESTION)

    succeeded = DailyUsage.objects.get(status="succeeded")
    usage = TokenUsage.objects.get()
    assert (succeeded.requests, succeeded.input_tokens, succeeded.output_tokens, succeeded.cache_read_tokens) == (
        1,
        1234,
        567,
        89,
    )
    assert rollups.from_picousd(succeeded.cost_picousd) == usage.cost_usd
    failed = DailyUsage.objects.get(status="failed")
    assert (failed.error_code, failed.requests, failed.failed_requests, failed.cost_picousd) == (
        "PROVIDER_UNAVAILABLE",
        1,
        1,
        0,
    )
    by_account = DailyAccountUsage.objects.get(account_pk=account.pk)
    assert (by_account.requests, by_account.failed_requests) == (2, 1)
    assert DailyUserUsage.objects.get(user_pk=user.pk).requests == 2
    assert DailyLatency.objects.get().calls == 1  # only the succeeded call has a provider latency
    assert rollups.rebuild(fix=False).clean


def test_a_day_is_a_local_day_of_the_configured_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    new_york = zoneinfo.ZoneInfo("America/New_York")
    finished_call(at=dt.datetime(2026, 11, 24, 23, 59, 59, 999999, tzinfo=new_york))
    finished_call(at=dt.datetime(2026, 11, 25, 0, 0, 0, tzinfo=new_york))

    days = dict(DailyUsage.objects.values_list("day", "requests"))
    # In UTC both calls fall on the 25th; in New York they are a day apart.
    assert days == {dt.date(2026, 11, 24): 1, dt.date(2026, 11, 25): 1}
    assert rollups.rebuild(fix=False).clean


def test_an_unpriced_model_is_counted_as_unpriced_never_as_free():
    finished_call(model="mystery-model-1")
    finished_call(model="glm-4.6", tokens=(1_000_000, 0, 0, 0))

    unpriced = DailyUsage.objects.get(model="mystery-model-1")
    assert (unpriced.unpriced_requests, unpriced.cost_picousd, unpriced.input_tokens) == (1, 0, 1000)
    assert rollup_cost(model="glm-4.6") == Decimal("0.60")
    assert rollups.rebuild(fix=False).clean


def test_costs_add_up_exactly_to_the_twelfth_decimal():
    for _ in range(7):
        finished_call(tokens=(1, 1, 1, 0))  # 0.0000029100 USD each on glm-4.6
    raw = sum(TokenUsage.objects.values_list("cost_usd", flat=True))
    assert rollup_cost() == raw == Decimal("0.00002037")


def test_the_latency_histogram_gives_percentiles_within_two_and_a_half_percent():
    latencies = [120.0, 250.0, 333.3, 480.0, 512.0, 999.9, 1500.0, 2400.0, 8000.0, 30000.0]
    for latency in latencies:
        finished_call(latency_ms=latency)
    for row in DailyLatency.objects.all():
        middle = rollups.bucket_latency_ms(row.bucket)
        inside = [lat for lat in latencies if rollups.latency_bucket(lat) == row.bucket]
        assert inside and all(abs(middle - lat) / lat <= 0.025 for lat in inside)
    assert sum(DailyLatency.objects.values_list("calls", flat=True)) == len(latencies)


def test_rebuild_reports_every_difference_and_fixes_them():
    account = AccountFactory()
    finished_call(account=account)
    finished_call(status="failed", error_code="PROVIDER_TIMEOUT", account=account)
    DailyUsage.objects.filter(status="succeeded").update(input_tokens=1)  # changed
    DailyAccountUsage.objects.all().delete()  # missing
    DailyUserUsage.objects.create(day=dt.date(2020, 1, 1), user_pk=999, requests=3)  # extra

    report = rollups.rebuild(fix=False)
    found = {d.table: (d.missing, d.extra, d.changed) for d in report.differences}
    assert found == {
        "DailyUsage": (0, 0, 1),
        "DailyAccountUsage": (1, 0, 0),
        "DailyUserUsage": (0, 1, 0),
        "DailyLatency": (0, 0, 0),
    }
    assert DailyUsage.objects.get(status="succeeded").input_tokens == 1  # a check changes nothing

    assert not rollups.rebuild(fix=True).clean  # reports what it fixed
    assert rollups.rebuild(fix=False).clean
    assert DailyUsage.objects.get(status="succeeded").input_tokens == 1000


def test_rebuild_of_a_period_leaves_other_days_alone():
    utc = dt.UTC
    finished_call(at=dt.datetime(2026, 11, 1, 12, tzinfo=utc))
    finished_call(at=dt.datetime(2026, 11, 2, 12, tzinfo=utc))
    DailyUsage.objects.filter(day=dt.date(2026, 11, 1)).update(requests=50)

    assert rollups.rebuild(first=dt.date(2026, 11, 2), last=dt.date(2026, 11, 2), fix=True).clean
    assert DailyUsage.objects.get(day=dt.date(2026, 11, 1)).requests == 50
    assert not rollups.rebuild(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 1), fix=False).clean


def test_the_command_checks_then_rebuilds_with_documented_exit_codes(capsys):
    finished_call()
    assert run_command("rebuild_usage_rollups", "--check", capsys=capsys)[0] == 0
    DailyUsage.objects.update(requests=9)

    code, out, _ = run_command("rebuild_usage_rollups", "--check", capsys=capsys)
    assert code == 1
    assert "DailyUsage: 0 missing, 0 extra, 1 different row(s)" in out
    assert "'requests': 9" in out and "'requests': 1" in out

    code, out, _ = run_command("rebuild_usage_rollups", capsys=capsys)
    assert code == 0 and "Rebuilt" in out
    assert DailyUsage.objects.get().requests == 1
    with pytest.raises(CommandError, match="not a date"):
        run_command("rebuild_usage_rollups", "--since", "2026-13-01", capsys=capsys)


def test_deleting_an_account_or_a_user_keeps_the_rollups_equal_to_the_raw_rows():
    user = UserFactory()
    account = AccountFactory()
    finished_call(account=account, user=user)
    finished_call(account=None, user=None)

    account.delete()
    user.delete()

    assert AnalysisRequest.objects.filter(account=None, user=None).count() == 2
    assert DailyAccountUsage.objects.get().account_pk == 0
    assert DailyUserUsage.objects.get().requests == 2
    assert rollups.rebuild(fix=False).clean


def test_rebuild_works_a_week_at_a_time_and_adds_up_the_whole_history():
    now = timezone.now()
    for days_ago in (0, 10, 20, 40):
        finished_call(at=now - dt.timedelta(days=days_ago))
    DailyUsage.objects.update(requests=5)  # every week now differs

    report = rollups.rebuild(fix=False)
    assert report.raw_requests == 4
    assert {d.table: d.changed for d in report.differences}["DailyUsage"] == 4
    assert rollups.rebuild(fix=True).raw_requests == 4
    assert rollups.rebuild(fix=False).clean
    assert sum(DailyUsage.objects.values_list("requests", flat=True)) == 4


def test_rebuild_of_an_empty_history_is_clean():
    report = rollups.rebuild(fix=True)
    assert report.clean and report.raw_requests == 0
