import pytest

from copilot.models import AnalysisRequest
from tests.copilot.conftest import TEST_API_KEY
from tests.support.commands import run_command
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
