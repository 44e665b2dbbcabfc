import pytest
from django.core.management import CommandError, call_command

from copilot.models import AnalysisRequest, Task, Thread
from tests.copilot.conftest import TEST_API_KEY
from tests.factories import LLMModelFactory, UserFactory, route_set
from tests.support.commands import run_command
from tests.support.processes import project_env, start_manage
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db


def run(capsys):
    return run_command("check_llm", capsys=capsys)


def test_a_working_configuration_prints_latency_and_usage_and_masks_the_key(provider, capsys):
    provider.enqueue(Reply.ok("ready", input_tokens=12, output_tokens=1))
    code, out, err = run(capsys)
    assert code == 0
    assert f"Base URL:  {provider.url}" in out and "Model:     glm-4.6" in out
    assert f"API key:   {TEST_API_KEY[:4]}…" in out
    assert TEST_API_KEY[4:] not in out + err
    assert "Latency:" in out and "12 input, 1 output" in out
    record = AnalysisRequest.objects.get()  # recorded like any other call
    assert (record.source, record.status, record.response) == ("cli", "succeeded", "ready")


def test_a_failing_call_exits_1_with_the_reason(provider, capsys):
    provider.enqueue(Reply.error(401))
    code, _, err = run(capsys)
    assert code == 1
    assert "PROVIDER_AUTH_FAILED" in err
    assert AnalysisRequest.objects.get().error_code == "PROVIDER_AUTH_FAILED"


@pytest.mark.django_db
def test_no_key_exits_2(capsys):
    code, out, err = run(capsys)
    assert code == 2
    assert "(not set)" in out and "ANTHROPIC_API_KEY" in err


def test_each_provider_of_the_route_is_checked_on_its_own(provider, second_provider_double, claude, capsys):
    """A primary that fails is reported as failed, even though its fallback answers calls."""
    route_set(Task.ACCOUNT_ANALYSIS, model=LLMModelFactory(name="glm-4.6", provider=None), fallback=claude)
    provider.default = Reply.error(503)
    second_provider_double.enqueue(Reply.ok("ready"))

    code, out, err = run(capsys)

    assert code == 1
    primary, fallback = out.split("\nFallback:")
    assert "Model:     glm-4.6" in primary and f"Base URL:  {provider.url}" in primary
    assert "Call failed: PROVIDER_UNAVAILABLE" in primary and "Call succeeded" not in primary
    assert "claude-sonnet-4-5" in fallback and f"Base URL:  {second_provider_double.url}" in fallback
    assert "Call succeeded" in fallback and "Reply:     ready" in fallback
    assert "answered only by the fallback claude-sonnet-4-5" in err
    first, second = AnalysisRequest.objects.order_by("pk")
    assert (first.model, first.status, first.fallback_of) == ("glm-4.6", "failed", None)
    assert (second.model, second.status, second.fallback_of) == ("claude-sonnet-4-5", "succeeded", None)
    assert len(second_provider_double.requests) == 1  # asked by the check, not as the primary's fallback


def test_a_fallback_without_a_key_is_reported_and_no_call_is_made_for_it(provider, claude, settings, capsys):
    route_set(Task.ACCOUNT_ANALYSIS, model=LLMModelFactory(name="glm-4.6", provider=None), fallback=claude)
    settings.LLM_PROVIDER_KEYS = {}
    provider.enqueue(Reply.ok("ready"))
    code, out, err = run(capsys)
    assert code == 2
    assert "Call succeeded" in out.split("\nFallback:")[0]
    assert "claude-sonnet-4-5: not configured: set CLAUDE_API_KEY" in err
    assert AnalysisRequest.objects.count() == 1


def test_with_as_the_call_is_recorded_for_that_user(provider, capsys):
    alice = UserFactory(username="alice")
    provider.enqueue(Reply.ok("ready"))
    code, _, _ = run_command("check_llm", "--as", "alice", capsys=capsys)
    assert code == 0
    assert AnalysisRequest.objects.get().user == alice
    assert not Thread.objects.exists()  # a check is no conversation in alice's app


def test_as_an_unknown_user_is_refused_before_any_call(provider):
    with pytest.raises(CommandError, match="--as: no user 'nobody'"):
        call_command("check_llm", "--as", "nobody")
    assert provider.requests == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the command's own process
@pytest.mark.parametrize(("verbosity", "info_lines"), [("1", False), ("2", True)])
def test_its_report_comes_without_info_log_lines_unless_asked(provider, verbosity, info_lines):
    provider.enqueue(Reply.ok("ready"))
    env = {**project_env(provider, TEST_API_KEY), "LOG_LEVEL": "INFO"}
    process = start_manage(env, "check_llm", "-v", verbosity)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, out + err
    assert "Call succeeded" in out
    assert ("glm_response_generated" in err) is info_lines
