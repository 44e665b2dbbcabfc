"""analyze_accounts: selection, estimates, budget, resume and one code path with the API."""

import getpass
import json
import signal
import time
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from accounts.models import Account
from copilot import gateway
from copilot.bulk import selectors, services
from copilot.bulk.throttle import Throttle
from copilot.errors import CopilotError, ErrorCode
from copilot.ledger import rollups
from copilot.models import AnalysisRequest, Budget, BulkRun, BulkRunItem, TokenUsage
from tests.copilot.conftest import TEST_API_KEY
from tests.factories import AccountFactory, ActivityFactory, UserFactory
from tests.support.commands import run_command
from tests.support.processes import project_env, start_manage, wait_for
from tests.support.provider_double import Reply

# Threads and subprocesses use their own connections, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def analyze(*args, capsys):
    return run_command("analyze_accounts", *args, capsys=capsys)


@pytest.fixture
def accounts():
    alice = UserFactory(username="alice")
    healthy = [AccountFactory(external_id=f"ACC-H{n}", owner=alice) for n in range(3)]
    for account in healthy:
        ActivityFactory(account=account)
    at_risk = [AccountFactory(external_id=f"ACC-R{n}", status="at_risk") for n in range(2)]  # score 35
    return healthy + at_risk


def run_items(run: BulkRun) -> set[str]:
    return set(run.items.values_list("account__external_id", flat=True))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--all"], {"ACC-H0", "ACC-H1", "ACC-H2", "ACC-R0", "ACC-R1"}),
        (["--ids", "ACC-H1,ACC-R0"], {"ACC-H1", "ACC-R0"}),
        (["--status", "at_risk"], {"ACC-R0", "ACC-R1"}),
        (["--owner", "alice"], {"ACC-H0", "ACC-H1", "ACC-H2"}),
        (["--health-below", "50"], {"ACC-R0", "ACC-R1"}),
        (["--all", "--limit", "2"], {"ACC-H0", "ACC-H1"}),
    ],
)
def test_selection_gives_one_item_per_chosen_account(provider, accounts, capsys, args, expected):
    code, _, _ = analyze(*args, capsys=capsys)
    assert code == 0
    run = BulkRun.objects.get()
    assert run_items(run) == expected
    assert run.items.filter(status="succeeded").count() == len(expected)
    assert len(provider.requests) == len(expected)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "choose accounts"),
        (["--ids", "ACC-H0,ACC-NOPE"], "unknown account id(s): ACC-NOPE"),
        (["--all", "--max-cost", "cheap"], "--max-cost must be a number"),
        (["--all", "--concurrency", "0"], "--concurrency"),
        (["--resume", "999"], "no bulk run"),
        (["--all", "--backend", "celery"], "CELERY_BROKER_URL"),
    ],
)
def test_bad_options_exit_2_with_a_reason(provider, accounts, capsys, settings, args, message):
    settings.CELERY_BROKER_URL = None
    code, _, err = analyze(*args, capsys=capsys)
    assert code == 2
    assert message in err
    assert provider.requests == []


def test_each_item_goes_through_the_analysis_service(provider, accounts, capsys):
    analyze("--ids", "ACC-R0", "--question", "What is at risk?", capsys=capsys)
    record = AnalysisRequest.objects.get()
    item = BulkRunItem.objects.get()
    assert (record.source, record.bulk_run_id, record.status) == ("bulk", item.run_id, "succeeded")
    assert item.analysis_request == record and item.attempts == 1
    sent = provider.requests[0]["body"]
    assert sent["messages"] == [{"role": "user", "content": "What is at risk?"}]
    assert "analyzing account ACC-R0" in sent["system"] and "at_risk_status" in sent["system"]


def test_bulk_items_ask_for_one_json_answer_even_with_streaming_enabled(provider, accounts, capsys):
    """Nothing is shown until an item is done, and a streamed answer costs the SDK more CPU."""
    analyze("--ids", "ACC-R0", capsys=capsys)

    assert "stream" not in provider.requests[0]["body"]
    record = AnalysisRequest.objects.get()
    assert record.streamed is False and record.status == "succeeded"


def test_dry_run_estimates_from_model_prices_without_calling_the_provider(provider, accounts, capsys, settings):
    code, out, _ = analyze("--all", "--dry-run", "--question", "x" * 40, "--format", "json", capsys=capsys)
    assert code == 0
    estimate = json.loads(out)
    per_item_input = services.PROMPT_TOKENS_ESTIMATE + 10
    assert estimate["accounts"] == 5
    assert estimate["input_tokens"] == 5 * per_item_input
    assert estimate["output_tokens"] == 5 * settings.GLM_MAX_TOKENS
    expected = (5 * per_item_input * Decimal("0.60") + 5 * settings.GLM_MAX_TOKENS * Decimal("2.20")) / 1_000_000
    assert Decimal(estimate["cost_usd"]) == expected.quantize(Decimal("0.000001"))
    assert provider.requests == [] and not BulkRun.objects.exists()


def test_without_a_key_it_prints_health_and_exits_4(accounts, capsys):
    code, out, err = analyze("--status", "at_risk", capsys=capsys)
    assert code == 4
    assert "ACC-R0" in out and "at_risk_status" in out
    assert "AI analysis skipped" in err
    assert not BulkRun.objects.exists() and not AnalysisRequest.objects.exists()


def test_health_below_selects_on_the_stored_health(accounts):
    """--health-below reads each account's stored score (what lists and the app show), and an
    account without a stored row yet is stored and judged by its facts."""
    from accounts.models import AccountHealth

    AccountHealth.objects.filter(account__external_id="ACC-H1").update(score=20, band="at_risk")
    AccountHealth.objects.filter(account__external_id="ACC-R1").delete()

    chosen = selectors.selected_account_ids(selectors.Selection(health_below=50))

    assert {a.external_id for a in Account.objects.filter(pk__in=list(chosen))} == {"ACC-H1", "ACC-R0", "ACC-R1"}
    assert AccountHealth.objects.get(account__external_id="ACC-R1").score == 35  # at risk, no activity: stored


def test_summary_figures_equal_the_rows(provider, accounts, capsys):
    provider.enqueue(Reply.ok("a", input_tokens=100, output_tokens=10), Reply.error(401))
    code, out, _ = analyze("--all", "--concurrency", "1", "--format", "json", capsys=capsys)
    figures = json.loads(out)
    run = BulkRun.objects.get()
    usage = TokenUsage.objects.filter(analysis_request__bulk_run=run).aggregate(
        i=Sum("input_tokens"), o=Sum("output_tokens"), c=Sum("cost_usd")
    )
    assert code == 1 and figures["exit_code"] == 1
    assert figures["succeeded"] == run.items.filter(status="succeeded").count() == 4
    assert figures["failed"] == 1 and figures["failed_by_code"] == {"PROVIDER_AUTH_FAILED": 1}
    assert (figures["input_tokens"], figures["output_tokens"]) == (usage["i"], usage["o"])
    assert Decimal(figures["cost_usd"]) == usage["c"]
    assert figures["status"] == "completed"


def test_the_cost_cap_stops_new_work_and_a_resume_with_more_budget_finishes(provider, accounts, capsys):
    provider.default = Reply.ok("ok", input_tokens=1000, output_tokens=1000)  # 0.0028 USD each
    code, out, _ = analyze("--all", "--concurrency", "1", "--max-cost", "0.006", "--format", "json", capsys=capsys)
    run = BulkRun.objects.get()
    figures = json.loads(out)
    assert code == 3 and run.status == "budget_stopped"
    assert figures["succeeded"] == 2 and figures["pending"] == 3
    spent = TokenUsage.objects.filter(analysis_request__bulk_run=run).aggregate(total=Sum("cost_usd"))["total"]
    assert spent <= Decimal("0.006")
    assert run.spent_usd == spent and run.reserved_usd == 0  # the run's counters equal its rows

    code, _, _ = analyze("--resume", str(run.pk), "--max-cost", "1", capsys=capsys)
    assert code == 0
    assert run.items.filter(status="succeeded").count() == 5


def test_a_hard_budget_of_the_admins_stops_the_run_and_leaves_the_rest_for_a_resume(provider, accounts, capsys):
    budget = Budget.objects.create(name="Daily", limit_usd=Decimal("0.005"))
    provider.default = Reply.ok("ok", input_tokens=1000, output_tokens=1000)  # 0.0028 USD each

    code, out, _ = analyze("--all", "--concurrency", "1", "--format", "json", capsys=capsys)

    run = BulkRun.objects.get()
    figures = json.loads(out)
    assert code == 3 and run.status == "budget_stopped"
    assert figures["succeeded"] == 1 and figures["failed"] == 0 and figures["pending"] == 4
    assert AnalysisRequest.objects.count() == 1  # the refused calls made no provider call, no record

    budget.active = False
    budget.save()
    code, _, _ = analyze("--resume", str(run.pk), capsys=capsys)
    assert code == 0 and run.items.filter(status="succeeded").count() == 5


def test_a_provider_rate_limit_slows_the_run_instead_of_failing_items(provider, accounts, capsys, settings):
    settings.GLM_MAX_RETRIES = 0
    provider.enqueue(Reply.error(429, retry_after=1))
    started = time.monotonic()
    code, _, _ = analyze("--all", "--concurrency", "1", capsys=capsys)
    assert code == 0
    assert BulkRunItem.objects.filter(status="succeeded").count() == 5
    assert AnalysisRequest.objects.filter(error_code="PROVIDER_RATE_LIMITED").count() == 1
    assert time.monotonic() - started >= 1  # the whole run waited out the retry-after
    limited, *later = provider.requests
    assert all(request["at"] >= limited["at"] + 1 for request in later)


def test_concurrency_bounds_the_calls_in_flight_at_the_provider(provider, many_accounts, capsys):
    provider.latency = 0.05
    code, _, _ = analyze("--all", "--concurrency", "3", capsys=capsys)
    assert code == 0
    assert provider.peak_in_flight == 3


def test_failed_items_can_be_retried(provider, accounts, capsys):
    provider.enqueue(Reply.error(403))
    assert analyze("--all", "--concurrency", "1", capsys=capsys)[0] == 1
    run = BulkRun.objects.get()
    assert analyze("--resume", str(run.pk), capsys=capsys)[0] == 1  # failed stay failed without the flag
    assert analyze("--resume", str(run.pk), "--retry-failed", capsys=capsys)[0] == 0
    assert run.items.filter(status="succeeded").count() == 5


def test_list_runs_shows_unfinished_runs(provider, accounts, capsys):
    run = services.run_create(selection=selectors.Selection(all=True), question="q")
    code, out, _ = analyze("--list-runs", capsys=capsys)
    assert code == 0 and f"run {run.pk:>5}" in out and "0/5 done" in out


def test_the_rate_limiter_holds_the_third_request_of_a_two_per_minute_run():
    throttle = Throttle(BulkRun(pk=424242, question="q", rpm_limit=2))
    assert throttle.delay() == throttle.delay() == 0
    assert 55 < throttle.delay() <= 60  # the third waits for the window to move on


def test_a_provider_rate_limit_pauses_every_call_of_the_run():
    throttle = Throttle(BulkRun(pk=424243, question="q"))
    throttle.slow_down(CopilotError(ErrorCode.PROVIDER_RATE_LIMITED, "slow down", retry_after=7))
    assert 6 < throttle.delay() <= 7
    assert Throttle(BulkRun(pk=424243, question="q")).delay() > 6  # another worker of the run sees it


# --- a real process, killed ------------------------------------------------------------------


def start_command(provider, *args, env=None):
    return start_manage({**project_env(provider, TEST_API_KEY), **(env or {})}, "analyze_accounts", *args)


@pytest.fixture
def many_accounts():
    return [AccountFactory(external_id=f"ACC-K{n:03d}") for n in range(40)]


def assert_each_account_analysed_once(run: BulkRun, accounts) -> None:
    succeeded = AnalysisRequest.objects.filter(bulk_run=run, status="succeeded")
    per_account = dict(succeeded.values_list("account__external_id").annotate(n=Count("pk")).order_by())
    assert per_account == {account.external_id: 1 for account in accounts}
    assert not AnalysisRequest.objects.filter(bulk_run=run, status="pending").exists()
    assert run.items.filter(status="succeeded").count() == len(accounts)


def test_a_run_killed_part_way_resumes_with_every_account_analysed_exactly_once(provider, many_accounts):
    provider.latency = 0.1
    process = start_command(provider, "--all", "--concurrency", "4")
    wait_for(lambda: BulkRunItem.objects.filter(status="succeeded").count() >= 8)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    run = BulkRun.objects.get()
    assert run.items.exclude(status="succeeded").exists(), "the run finished before it was killed"

    resumed = start_command(provider, "--resume")
    out, err = resumed.communicate(timeout=120)

    assert resumed.returncode == 0, out + err
    run.refresh_from_db()
    assert run.status == "completed"
    assert_each_account_analysed_once(run, many_accounts)
    # Calls cut off by the kill are on record as cancelled, not lost.
    assert AnalysisRequest.objects.filter(bulk_run=run).exclude(status="succeeded").count() == (
        AnalysisRequest.objects.filter(bulk_run=run, status="cancelled").count()
    )
    assert rollups.rebuild(fix=False).clean  # the cancelled calls are counted once, too


def test_ctrl_c_stops_cleanly_and_leaves_the_run_resumable(provider, many_accounts):
    provider.latency = 0.1
    process = start_command(provider, "--all", "--concurrency", "2")
    wait_for(lambda: BulkRunItem.objects.filter(status="succeeded").count() >= 4)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)

    assert process.returncode == 130
    run = BulkRun.objects.get()
    assert run.status == "interrupted"
    assert f"--resume {run.pk}" in out
    assert not run.items.filter(status="running").exists()  # calls in flight were let finish
    resumed = start_command(provider, "--resume", str(run.pk))
    resumed.communicate(timeout=120)
    assert resumed.returncode == 0
    assert_each_account_analysed_once(run, many_accounts)


def test_ctrl_c_makes_no_call_for_items_still_waiting_for_a_call(provider, many_accounts):
    provider.latency = 0.3
    process = start_command(provider, "--all", "--concurrency", "2")
    wait_for(lambda: len(provider.requests) >= 2)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)

    run = BulkRun.objects.get()
    records = AnalysisRequest.objects.filter(bulk_run=run)
    assert len(provider.requests) == records.count()  # every call made is on record, no other
    assert set(records.values_list("status", flat=True)) == {"succeeded"}  # calls in flight finished
    assert run.items.filter(status="pending").count() == len(many_accounts) - records.count()


def test_an_item_that_crashes_is_failed_and_the_rest_of_the_run_goes_on(provider, accounts, capsys, monkeypatch):
    real_claim = services.item_claim

    def claim_or_crash(item):
        if item.account.external_id == "ACC-H1":
            raise RuntimeError("a bug in one item")
        return real_claim(item)

    monkeypatch.setattr(services, "item_claim", claim_or_crash)
    code, out, _ = analyze("--all", "--format", "json", capsys=capsys)

    assert code == 1
    assert json.loads(out)["failed_by_code"] == {"INTERNAL_ERROR": 1}
    run = BulkRun.objects.get()
    assert run.status == "completed"
    assert run.items.get(account__external_id="ACC-H1").status == "failed"
    assert run.items.filter(status="succeeded").count() == 4


def test_an_item_another_worker_holds_is_not_started_and_leaves_no_record(provider, accounts):
    run = services.run_create(selection=selectors.Selection(ids=("ACC-R0",)), question="q")
    item = run.items.select_related("run", "account").get()
    BulkRunItem.objects.filter(pk=item.pk).update(status="running")  # claimed elsewhere meanwhile

    outcome = gateway.run_sync(services.item_process, item, throttle=Throttle(run))

    assert outcome == services.ItemOutcome(services.Outcome.NOT_STARTED, "")
    assert provider.requests == [] and not AnalysisRequest.objects.exists()


def test_the_cost_cap_reserves_each_claim_so_concurrent_claims_cannot_overshoot(provider, accounts):
    # The upper bound of one item is about 0.0026 USD: room for two claims under 0.006.
    run = services.run_create(selection=selectors.Selection(all=True), question="q", max_cost=Decimal("0.006"))
    items = list(run.items.all())

    refusals = [services.item_claim(item) for item in items]

    assert refusals[:2] == [None, None] and set(refusals[2:]) == {ErrorCode.BUDGET_EXCEEDED}
    run.refresh_from_db()
    assert run.status == "budget_stopped" and run.reserved_usd <= run.max_cost_usd
    assert run.items.filter(status="running").count() == 2


def test_a_run_as_a_user_records_them_on_the_run_and_on_every_call(provider, accounts, capsys):
    alice = accounts[0].owner
    code, _, _ = analyze("--owner", "alice", "--as", "alice", capsys=capsys)
    assert code == 0
    run = BulkRun.objects.get()
    assert (run.user, run.created_by) == (alice, "alice")
    assert set(AnalysisRequest.objects.filter(bulk_run=run).values_list("user", flat=True)) == {alice.pk}


def test_without_as_the_run_shows_the_os_login_as_such_and_its_calls_no_user(provider, accounts, capsys):
    analyze("--ids", "ACC-H0", capsys=capsys)
    run = BulkRun.objects.get()
    assert run.user is None and run.created_by == f"os:{getpass.getuser()}"
    assert AnalysisRequest.objects.get().user is None


def test_as_an_unknown_user_exits_2_before_any_call(provider, accounts, capsys):
    code, _, err = analyze("--all", "--as", "nobody", capsys=capsys)
    assert code == 2 and "--as: no user 'nobody'" in err
    assert not BulkRun.objects.exists() and provider.requests == []


def test_progress_and_summary_come_without_info_log_lines_unless_asked(provider, accounts):
    quiet = start_command(provider, "--ids", "ACC-H0,ACC-H1", env={"LOG_LEVEL": "INFO"})
    out, err = quiet.communicate(timeout=120)
    assert quiet.returncode == 0, out + err
    assert "Bulk run" in out and "[info" not in out + err

    verbose = start_command(provider, "--ids", "ACC-H0,ACC-H1", "-v", "2", env={"LOG_LEVEL": "INFO"})
    out, err = verbose.communicate(timeout=120)
    assert verbose.returncode == 0, out + err
    assert err.count("glm_response_generated") == 2  # a line per call, on asking
