"""When the route's model cannot answer, its fallback does: each attempt its own record, linked
to the first; a provider that keeps failing is cooled down, for every process sharing the cache."""

import json
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from copilot.gateway import cooldown
from copilot.models import AnalysisRequest, Task
from tests.factories import LLMModelFactory, route_set
from tests.support.processes import ROOT, wait_for
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db

ASK = {"messages": [{"role": "user", "content": "Summarise this account."}]}
FAILURES = {
    "PROVIDER_UNAVAILABLE": lambda: Reply.error(503),
    "PROVIDER_RATE_LIMITED": lambda: Reply.error(429, retry_after=0),
    "PROVIDER_TIMEOUT": lambda: Reply(kind="ok", delay=1.0),
}


@pytest.fixture
def glm_with_claude_fallback(claude, settings):
    settings.GLM_MAX_RETRIES = 1
    settings.GLM_TIMEOUT_SECONDS = 0.4
    settings.LLM_COOLDOWN_FAILURES = 3
    settings.LLM_COOLDOWN_SECONDS = 60
    return route_set(Task.ACCOUNT_ANALYSIS, model=LLMModelFactory(name="glm-4.6", provider=None), fallback=claude)


def ask(api):
    return api.post("/copilotkit", ASK, format="json")


@pytest.mark.parametrize("code", FAILURES)
def test_the_fallback_answers_when_the_model_fails_after_its_retries(
    api, provider, second_provider_double, glm_with_claude_fallback, code
):
    provider.enqueue(FAILURES[code](), FAILURES[code]())  # the first try and its one retry
    second_provider_double.enqueue(Reply.ok("Claude's view of the account."))

    response = ask(api)

    assert response.status_code == 200, response.json()
    answer = response.json()["data"]["generateCopilotResponse"]
    assert answer["response"] == "Claude's view of the account."
    assert answer["model"] == "claude-sonnet-4-5"
    first, second = AnalysisRequest.objects.order_by("pk")
    assert answer["requestId"] == str(second.pk)
    assert answer["fallbackFrom"] == {"model": "glm-4.6", "provider": "z.ai", "requestId": str(first.pk), "code": code}
    assert (first.status, first.error_code, first.retries, first.fallback_of) == ("failed", code, 1, None)
    assert (second.status, second.model, second.provider, second.fallback_of) == (
        "succeeded",
        "claude-sonnet-4-5",
        "anthropic",
        first,
    )
    assert len(provider.requests) == 2 and len(second_provider_double.requests) == 1


@pytest.mark.parametrize(
    ("reply", "code", "status"),
    [(Reply.error(401), "PROVIDER_AUTH_FAILED", 502), (Reply.error(400), "PROVIDER_REJECTED", 502)],
)
def test_a_refused_request_or_key_is_not_handed_to_the_fallback(
    api, provider, second_provider_double, glm_with_claude_fallback, reply, code, status
):
    provider.enqueue(reply)
    response = ask(api)
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert AnalysisRequest.objects.count() == 1 and second_provider_double.requests == []


def test_when_the_fallback_fails_too_the_answer_is_its_error_and_both_attempts_are_recorded(
    api, provider, second_provider_double, glm_with_claude_fallback
):
    provider.enqueue(Reply.error(503), Reply.error(503))
    second_provider_double.enqueue(Reply.error(529), Reply.error(529))
    response = ask(api)
    assert response.status_code == 502
    error = response.json()["errors"][0]
    first, second = AnalysisRequest.objects.order_by("pk")
    assert error["extensions"] == {"code": "PROVIDER_UNAVAILABLE", "requestId": str(second.pk)}
    assert [(r.status, r.model, r.fallback_of_id) for r in (first, second)] == [
        ("failed", "glm-4.6", None),
        ("failed", "claude-sonnet-4-5", first.pk),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the server's own connections
def test_an_agui_run_says_which_model_answered(
    asgi_server, user, provider, second_provider_double, glm_with_claude_fallback
):
    provider.enqueue(Reply.error(503), Reply.error(503))
    second_provider_double.enqueue(Reply.ok("From the fallback."))
    body = {
        "threadId": "thread-fallback",
        "runId": "run-1",
        "messages": [{"id": "m1", "role": "user", "content": "Summarise this account."}],
        "tools": [],
        "context": [],
        "state": {},
        "forwardedProps": {"task": "account_analysis"},
    }
    headers = {"Accept": "text/event-stream", "Authorization": f"Token {Token.objects.create(user=user).key}"}
    response = httpx.post(f"{asgi_server.url}/copilotkit/agent/orchestrator/run", json=body, headers=headers)
    events = [json.loads(frame.removeprefix("data: ")) for frame in response.text.split("\n\n") if frame.strip()]

    first, second = AnalysisRequest.objects.order_by("pk")
    text = "".join(event["delta"] for event in events if event["type"] == "TEXT_MESSAGE_CONTENT")
    assert text == "From the fallback."
    assert events[-1]["type"] == "RUN_FINISHED"
    assert events[-1]["result"] == {
        "requestId": str(second.pk),
        "model": "claude-sonnet-4-5",
        "provider": "anthropic",
        "task": "account_analysis",
        "fallbackFrom": {
            "requestId": str(first.pk),
            "model": "glm-4.6",
            "provider": "z.ai",
            "code": "PROVIDER_UNAVAILABLE",
        },
    }


def test_the_errors_dashboard_shows_the_fallbacks(
    api, provider, second_provider_double, glm_with_claude_fallback, client, staff_user
):
    provider.enqueue(Reply.error(503), Reply.error(503))
    ask(api)
    client.force_login(staff_user)
    page = client.get("/admin/copilot/analysisrequest/errors/?period=today")
    table = page.context["tables"]["fallbacks"]
    assert [cells for cells, _ in table["rows"]] == [["glm-4.6", "PROVIDER_UNAVAILABLE", "claude-sonnet-4-5", 1, 1]]


class TestCooldown:
    def test_a_provider_that_keeps_failing_is_not_asked_while_it_cools_down(
        self, api, provider, second_provider_double, glm_with_claude_fallback, settings
    ):
        settings.GLM_MAX_RETRIES = 0
        settings.LLM_COOLDOWN_FAILURES = 2
        provider.default = Reply.error(503)
        ask(api), ask(api)  # two failures in a row: z.ai cools down
        assert len(provider.requests) == 2

        response = ask(api)

        assert response.status_code == 200
        assert len(provider.requests) == 2  # not asked
        skipped = AnalysisRequest.objects.filter(fallback_of__isnull=True).order_by("pk").last()
        assert (skipped.error_code, skipped.latency_ms) == ("PROVIDER_UNAVAILABLE", None)
        assert "cooling down" in skipped.error_message
        assert response.json()["data"]["generateCopilotResponse"]["fallbackFrom"]["requestId"] == str(skipped.pk)

    def test_without_a_fallback_the_cooling_provider_keeps_getting_trial_calls(self, api, provider, settings):
        settings.GLM_MAX_RETRIES = 0
        settings.LLM_COOLDOWN_FAILURES = 1
        settings.LLM_COOLDOWN_SECONDS = 30
        provider.default = Reply.error(503)
        ask(api)  # z.ai cools down
        assert cooldown.seconds_left("z.ai") > 0

        trials = [ask(api), ask(api)]

        assert len(provider.requests) == 3  # each call, one at a time, asked the provider
        for response in trials:
            assert response.status_code == 502
            assert response.json()["errors"][0]["message"] == "The provider is unavailable (HTTP 503)."
        assert cooldown.seconds_left("z.ai") > 0  # a failed trial cools it down again
        records = AnalysisRequest.objects.order_by("pk")
        assert [(r.error_code, r.latency_ms is not None) for r in records] == [("PROVIDER_UNAVAILABLE", True)] * 3

    def test_a_trials_success_ends_the_cooldown_for_every_route(
        self, api, provider, second_provider_double, claude, settings, django_capture_on_commit_callbacks
    ):
        settings.GLM_MAX_RETRIES = 0
        settings.LLM_COOLDOWN_FAILURES = 1
        settings.LLM_COOLDOWN_SECONDS = 30
        provider.enqueue(Reply.error(503), Reply.ok("Back again."))
        ask(api)
        with django_capture_on_commit_callbacks(execute=True):  # the success counts once committed
            trial = ask(api)
        assert trial.json()["data"]["generateCopilotResponse"]["response"] == "Back again."
        assert cooldown.seconds_left("z.ai") == 0

        # A route with a fallback no longer skips z.ai either.
        route_set(Task.ACCOUNT_ANALYSIS, model=LLMModelFactory(name="glm-4.6", provider=None), fallback=claude)
        answer = ask(api).json()["data"]["generateCopilotResponse"]
        assert (answer["model"], answer["fallbackFrom"]) == ("glm-4.6", None)
        assert len(provider.requests) == 3 and second_provider_double.requests == []

    @pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the server's own connections
    def test_of_two_calls_at_once_only_one_is_the_trial_the_other_is_refused_at_once(
        self, asgi_server, user, provider, settings
    ):
        settings.GLM_MAX_RETRIES = 0
        settings.LLM_COOLDOWN_FAILURES = 1
        settings.LLM_COOLDOWN_SECONDS = 30
        provider.enqueue(Reply.error(503), Reply(kind="ok", text="The trial's answer.", delay=1.0))
        headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}

        def call() -> httpx.Response:
            return httpx.post(f"{asgi_server.url}/copilotkit", json=ASK, headers=headers, timeout=30)

        assert call().status_code == 502  # z.ai cools down
        with ThreadPoolExecutor(max_workers=1) as pool:
            trial = pool.submit(call)
            wait_for(lambda: len(provider.requests) == 2)  # the trial is at the provider, thinking
            refused = call()
            answered = trial.result()

        assert answered.status_code == 200
        assert answered.json()["data"]["generateCopilotResponse"]["response"] == "The trial's answer."
        assert refused.status_code == 502
        assert 1 <= int(refused.headers["Retry-After"]) <= 30
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "PROVIDER_UNAVAILABLE"
        assert "another call is trying it now" in error["message"]
        assert len(provider.requests) == 2  # the refused call never reached it
        assert cooldown.seconds_left("z.ai") == 0  # the trial's success ended the cooldown
        assert AnalysisRequest.objects.count() == 3

    def test_a_trial_that_goes_away_gives_its_slot_back(self, settings):
        settings.LLM_COOLDOWN_FAILURES = 1
        cooldown.failure_record("z.ai", "PROVIDER_UNAVAILABLE")
        with pytest.raises(KeyboardInterrupt), cooldown.admission("z.ai", fallback=False):
            assert cooldown.trial_under_way("z.ai")
            raise KeyboardInterrupt  # a cancelled call, a client gone
        with (
            cooldown.admission("z.ai", fallback=False),  # the next call is the trial
            pytest.raises(cooldown.CoolingDown, match="trying it now"),
            cooldown.admission("z.ai", fallback=False),  # and the one after it is refused
        ):
            pass

    def test_the_cooldown_expires(self, api, provider, second_provider_double, glm_with_claude_fallback, settings):
        settings.GLM_MAX_RETRIES = 0
        settings.LLM_COOLDOWN_FAILURES = 1
        settings.LLM_COOLDOWN_SECONDS = 1
        provider.enqueue(Reply.error(503))
        ask(api)
        assert cooldown.seconds_left("z.ai") > 0
        time.sleep(1.1)

        response = ask(api)

        assert response.json()["data"]["generateCopilotResponse"]["model"] == "glm-4.6"
        assert len(provider.requests) == 2

    def test_a_success_ends_a_cooldown(self, settings):
        settings.LLM_COOLDOWN_FAILURES = 1
        cooldown.failure_record("z.ai", "PROVIDER_UNAVAILABLE")
        assert cooldown.seconds_left("z.ai") > 0
        cooldown.success_record("z.ai")
        assert cooldown.seconds_left("z.ai") == 0

    def test_a_success_ends_a_run_of_failures(self, settings):
        settings.LLM_COOLDOWN_FAILURES = 2
        cooldown.failure_record("z.ai", "PROVIDER_TIMEOUT")
        cooldown.success_record("z.ai")
        cooldown.failure_record("z.ai", "PROVIDER_TIMEOUT")
        assert cooldown.seconds_left("z.ai") == 0
        cooldown.failure_record("z.ai", "PROVIDER_AUTH_FAILED")  # a bad key is not the provider's trouble
        assert cooldown.seconds_left("z.ai") == 0

    def test_every_process_sharing_the_cache_sees_the_cooldown(self, settings):
        redis_url = "redis://127.0.0.1:6379/14"
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
        settings.LLM_COOLDOWN_FAILURES = 1
        try:
            cache.clear()
        except Exception:
            pytest.skip("no Redis on 127.0.0.1:6379")
        cooldown.failure_record("z.ai", "PROVIDER_UNAVAILABLE")
        seen = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from copilot.gateway import cooldown; print(round(cooldown.seconds_left('z.ai')))",
            ],
            cwd=ROOT,
            env={"CACHE_URL": redis_url, "PATH": "/usr/bin:/bin", "LOG_LEVEL": "WARNING"},
            capture_output=True,
            text=True,
            check=True,
        )
        cache.clear()
        assert 0 < int(seen.stdout.strip()) <= settings.LLM_COOLDOWN_SECONDS

    def test_every_process_sharing_the_cache_sees_the_trial_under_way(self, settings):
        """The trial's slot is one ``cache.add`` on Redis: a call in another process is refused
        while this one's trial runs, and is the next trial once it is over."""
        redis_url = "redis://127.0.0.1:6379/12"
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
        settings.LLM_COOLDOWN_FAILURES = 1
        name = f"trial-{uuid.uuid4().hex}"  # keys of its own: nothing else in that database is touched
        try:
            cache.get(name)
        except Exception:
            pytest.skip("no Redis on 127.0.0.1:6379")

        def other_process_admitted() -> str:
            script = (
                "from copilot.gateway import cooldown\n"
                "try:\n"
                f"    with cooldown.admission({name!r}, fallback=False): print('trial')\n"
                "except cooldown.CoolingDown: print('refused')\n"
            )
            return subprocess.run(
                [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
                cwd=ROOT,
                env={"CACHE_URL": redis_url, "PATH": "/usr/bin:/bin", "LOG_LEVEL": "WARNING"},
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()

        cooldown.failure_record(name, "PROVIDER_UNAVAILABLE")
        try:
            with cooldown.admission(name, fallback=False):
                assert other_process_admitted() == "refused"
            assert other_process_admitted() == "trial"
        finally:
            cooldown.success_record(name)


def test_fallbacks_are_counted_in_the_metrics(
    api, staff_api, provider, glm_with_claude_fallback, django_capture_on_commit_callbacks
):
    series = 'glm_fallbacks_total{code="PROVIDER_UNAVAILABLE",fallback_model="claude-sonnet-4-5",model="glm-4.6"}'

    def count() -> float:
        lines = staff_api.get("/metrics").content.decode().splitlines()
        return next((float(line.split()[-1]) for line in lines if line.startswith(series + " ")), 0.0)

    before = count()
    provider.enqueue(Reply.error(503), Reply.error(503))
    with django_capture_on_commit_callbacks(execute=True):  # a call is counted once it is committed
        ask(api)
    assert count() == before + 1
