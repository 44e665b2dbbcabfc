"""compare_models: the same analyses on each model, recorded as bulk runs, and a table whose
every figure is the recorded rows'."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from copilot.comparisons.selectors import comparison_table, nearest_rank
from copilot.models import AnalysisRequest, BulkRun, ModelComparison, TokenUsage
from tests.factories import AccountFactory, UserFactory
from tests.support.commands import run_command
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MODELS = "glm-4.6,claude-sonnet-4-5"


@pytest.fixture
def accounts(db):
    return [AccountFactory(external_id=f"ACC-C{n}") for n in range(1, 4)]


def compare(capsys, *extra):
    return run_command(
        "compare_models", "--accounts", "ACC-C1,ACC-C2,ACC-C3", "--models", MODELS, *extra, capsys=capsys
    )


def test_the_comparison_figures_equal_the_recorded_rows(accounts, provider, second_provider_double, claude, capsys):
    provider.default = Reply.ok("Healthy account with steady engagement and renewal on track.", output_tokens=40)
    second_provider_double.default = Reply.ok("Renewal risk: the champion left and usage fell.", output_tokens=90)
    second_provider_double.latency = 0.05

    code, out, _ = compare(capsys, "--format", "json")

    assert code == 0
    payload = json.loads(out[out.index("{") :])
    comparison = ModelComparison.objects.get()
    runs = {run.model: run for run in BulkRun.objects.filter(comparison=comparison)}
    assert payload["runs"] == {name: run.pk for name, run in runs.items()}
    assert set(runs) == {"glm-4.6", "claude-sonnet-4-5"}
    table = comparison_table(comparison)
    for figures in table.figures:
        calls = AnalysisRequest.objects.filter(bulk_run=runs[figures.model])
        usage = TokenUsage.objects.filter(analysis_request__in=calls)
        assert calls.count() == figures.calls == 3
        assert set(calls.values_list("model", flat=True)) == {figures.model}
        assert figures.input_tokens == usage.aggregate(n=Sum("input_tokens"))["n"]
        assert figures.output_tokens == usage.aggregate(n=Sum("output_tokens"))["n"]
        assert figures.cost_usd == usage.aggregate(n=Sum("cost_usd"))["n"] > 0
        latencies = sorted(calls.values_list("latency_ms", flat=True))
        assert (figures.latency_p50_ms, figures.latency_p95_ms) == (latencies[1], latencies[2])
        assert figures.failed == 0
    by_model = {f.model: f for f in table.figures}
    assert by_model["claude-sonnet-4-5"].output_tokens == 270 and by_model["glm-4.6"].output_tokens == 120
    rows = {row[0]: row for row in payload["rows"]}
    assert rows["Cost (USD)"][-1] == "glm-4.6"  # the cheaper, by the seeded prices
    assert rows["Output tokens"][1:] == ["120", "270", "glm-4.6"]
    assert [d["account_id"] for d in payload["differences"]] == ["ACC-C1", "ACC-C2", "ACC-C3"]
    assert payload["differences"][0]["answers"]["claude-sonnet-4-5"].startswith("Renewal risk")


def test_the_table_prints_and_the_admin_shows_the_same(accounts, provider, claude, capsys, client, staff_user):
    code, out, _ = compare(capsys)
    assert code == 0
    assert "Latency p95 (ms)" in out and "Where the answers differ most" in out
    comparison = ModelComparison.objects.get()
    client.force_login(staff_user)
    page = client.get(f"/admin/copilot/modelcomparison/{comparison.pk}/change/").content.decode()
    for row in comparison_table(comparison).rows:
        for cell in row:
            assert f"<td>{cell}</td>" in page


def test_failures_are_counted_and_the_command_says_so(
    accounts, provider, second_provider_double, claude, settings, capsys
):
    settings.GLM_MAX_RETRIES = 0
    second_provider_double.default = Reply.error(500)
    code, _, _ = compare(capsys)
    assert code == 1
    figures = {f.model: f for f in comparison_table(ModelComparison.objects.get()).figures}
    assert (figures["claude-sonnet-4-5"].failed, figures["glm-4.6"].failed) == (3, 0)
    assert figures["claude-sonnet-4-5"].latency_p50_ms is None


def test_a_cost_cap_is_shared_by_the_models(accounts, provider, claude, capsys):
    compare(capsys, "--max-cost", "0.02")
    assert set(BulkRun.objects.values_list("max_cost_usd", flat=True)) == {Decimal("0.01")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--models", "glm-4.6"), "at least two"),
        (("--models", "glm-4.6,gpt-nothing"), "No model 'gpt-nothing'"),
        (("--models", MODELS, "--accounts", "ACC-NOPE"), "unknown account"),
    ],
)
def test_bad_options_are_refused_before_any_call(accounts, provider, claude, args, message):
    options = {"--accounts": "ACC-C1", **dict(zip(args[::2], args[1::2], strict=True))}
    with pytest.raises(CommandError, match=message):
        call_command("compare_models", *[item for pair in options.items() for item in pair])
    assert provider.requests == [] and not ModelComparison.objects.exists()


def test_nearest_rank():
    assert nearest_rank([], 50) is None
    assert [nearest_rank([10.0, 20.0, 30.0, 40.0], p) for p in (50, 95)] == [20.0, 40.0]


def test_a_comparison_run_as_a_user_records_them_on_its_runs_and_calls(accounts, provider, claude, capsys):
    analyst = UserFactory(username="analyst")
    code, _, _ = compare(capsys, "--as", "analyst")
    assert code == 0
    comparison = ModelComparison.objects.get()
    assert comparison.created_by == "analyst"
    assert {(run.user_id, run.created_by) for run in comparison.runs.all()} == {(analyst.pk, "analyst")}
    assert set(AnalysisRequest.objects.values_list("user", flat=True)) == {analyst.pk}
