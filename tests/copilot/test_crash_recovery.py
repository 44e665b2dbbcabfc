"""A server process killed with SIGKILL mid-call leaves its call pending; once no live process can
still be making it, it is finished as failed (INTERRUPTED) by a command and at server start-up,
and the rollups stay equal to the raw rows."""

import contextlib
import datetime as dt
import signal
import threading

import httpx
import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token

from copilot.analysis.recovery import stale_calls_finish
from copilot.analysis.service import analysis_run
from copilot.ledger import rollups
from copilot.models import AnalysisRequest, DailyUsage, Source
from tests.copilot.conftest import TEST_API_KEY
from tests.support.processes import ROOT, project_env, wait_for
from tests.support.servers import free_port, start_uvicorn_process

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# One attempt of at most 1 s, no margin: a call pending for more than a second has no process.
FAST_STALE = {"GLM_TIMEOUT_SECONDS": "1", "GLM_MAX_RETRIES": "0", "COPILOT_STALE_CALL_MARGIN_SECONDS": "0"}


def ask_in_background(port: int, token: str) -> threading.Thread:
    def ask():
        body = {"operationName": "generateCopilotResponse", "messages": [{"role": "user", "content": "Risks?"}]}
        with contextlib.suppress(httpx.HTTPError):  # the server is killed under it
            httpx.post(
                f"http://127.0.0.1:{port}/copilotkit",
                json=body,
                headers={"Authorization": f"Token {token}"},
                timeout=30,
            )

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    return thread


def kill_mid_call(user, provider, settings) -> tuple[dict, int]:
    """A server answering a call the double holds for 30 s, killed with SIGKILL meanwhile."""
    provider.latency = 30
    env = project_env(provider, TEST_API_KEY, **FAST_STALE)
    port = free_port()
    server = start_uvicorn_process(env, port, cwd=ROOT)
    asking = ask_in_background(port, Token.objects.create(user=user).key)
    wait_for(lambda: AnalysisRequest.objects.filter(status="pending").exists(), timeout=30)
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    asking.join(timeout=30)
    provider.latency = 0
    for name, value in FAST_STALE.items():
        setattr(settings, name, float(value))
    return env, port


def interrupted(record: AnalysisRequest) -> bool:
    return record.status == "failed" and record.error_code == "INTERRUPTED" and record.finished_at is not None


def test_a_killed_servers_call_stays_pending_until_the_command_finishes_it(user, provider, settings, capsys):
    kill_mid_call(user, provider, settings)
    record = AnalysisRequest.objects.get()
    assert record.status == "pending"

    call_command("finish_stale_calls")  # at once: a live process could still be making it
    assert AnalysisRequest.objects.get().status == "pending"
    assert "No call pending for more than 1 s" in capsys.readouterr().out

    wait_for(lambda: timezone.now() - record.created_at > dt.timedelta(seconds=1.2), timeout=10)
    call_command("finish_stale_calls")

    assert interrupted(AnalysisRequest.objects.get())
    assert f"Finished 1 interrupted call(s) pending for more than 1 s: {record.pk}." in capsys.readouterr().out
    assert DailyUsage.objects.get().failed_requests == 1
    assert rollups.rebuild(fix=False).clean


def test_a_restarted_server_finishes_them_before_serving(user, provider, settings):
    env, port = kill_mid_call(user, provider, settings)
    record = AnalysisRequest.objects.get()
    wait_for(lambda: timezone.now() - record.created_at > dt.timedelta(seconds=1.2), timeout=10)

    server = start_uvicorn_process(env, port, cwd=ROOT)
    try:
        assert interrupted(AnalysisRequest.objects.get())
        assert rollups.rebuild(fix=False).clean
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_call_declared_interrupted_that_then_finishes_is_counted_once_as_it_ended(user, provider):
    provider.latency = 1.5
    messages = [{"role": "user", "content": "Risks?"}]
    calling = threading.Thread(target=analysis_run, kwargs={"user": user, "messages": messages, "source": Source.API})
    calling.start()
    wait_for(lambda: AnalysisRequest.objects.filter(status="pending").exists(), timeout=10)

    assert len(stale_calls_finish(now=timezone.now() + dt.timedelta(hours=1))) == 1  # a margin set too short
    assert interrupted(AnalysisRequest.objects.get())
    calling.join(timeout=30)

    record = AnalysisRequest.objects.get()
    assert record.status == "succeeded" and record.error_code == "" and record.usage.cost_usd > 0
    assert list(DailyUsage.objects.values_list("status", "requests", "failed_requests")) == [("succeeded", 1, 0)]
    assert rollups.rebuild(fix=False).clean
