"""POST /copilotkit with ``"stream": true`` on the ASGI server: the seed's answer as it is written."""

import json

import httpx
import pytest
from rest_framework.authtoken.models import Token

from copilot.models import AnalysisRequest
from tests.factories import AccountFactory, UserFactory
from tests.support.processes import wait_for
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ANSWER = "Renewal risk is high because the champion left; call the sponsor this week."


def question(**extra) -> dict:
    return {
        "agent": "orchestrator",
        "operationName": "generateCopilotResponse",
        "messages": [{"role": "user", "content": "What are the risks?"}],
        "stream": True,
        **extra,
    }


def frames_of(response: httpx.Response) -> list[tuple[str, dict]]:
    assert response.headers["content-type"].startswith("text/event-stream")
    frames = []
    for block in response.text.split("\n\n"):
        if block.strip():
            event, data = block.split("\n")
            frames.append((event.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return frames


@pytest.fixture
def manager(db):
    return UserFactory(username="morgan")


@pytest.fixture
def client(asgi_server, manager):
    token = Token.objects.create(user=manager)
    headers = {"Authorization": f"Token {token.key}", "Accept": "text/event-stream"}
    with httpx.Client(base_url=asgi_server.url, headers=headers, timeout=30) as client:
        yield client


def test_the_answer_streams_as_delta_frames_then_the_json_answers_body(client, provider, manager):
    AccountFactory(external_id="ACC-9", owner=manager)
    provider.enqueue(Reply.ok(ANSWER))

    frames = frames_of(client.post("/copilotkit", json=question(account_id="ACC-9", thread_id="t-1")))

    names = [name for name, _ in frames]
    assert names[-1] == "result" and set(names[:-1]) == {"delta"} and len(names) > 3
    assert "".join(data["text"] for name, data in frames if name == "delta") == ANSWER
    answer = frames[-1][1]["data"]["generateCopilotResponse"]
    record = AnalysisRequest.objects.get()
    assert answer["response"] == ANSWER and answer["requestId"] == str(record.pk)
    assert (answer["threadId"], answer["accountId"]) == ("t-1", "ACC-9")
    assert answer["usage"]["outputTokens"] == record.usage.output_tokens > 0
    assert answer["costUsd"] == f"{record.usage.cost_usd:.6f}"
    assert (record.status, record.streamed, record.response) == ("succeeded", True, ANSWER)


def test_a_failure_before_any_text_is_the_documented_status_not_a_stream(client, provider, settings):
    settings.GLM_MAX_RETRIES = 0
    provider.enqueue(Reply.error(429, retry_after=7))

    response = client.post("/copilotkit", json=question())

    assert response.status_code == 503 and response.headers["retry-after"] == "7"
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "PROVIDER_RATE_LIMITED"
    assert error["extensions"]["requestId"] == str(AnalysisRequest.objects.get(status="failed").pk)


def test_a_stream_cut_after_some_text_ends_with_an_error_frame(client, provider):
    provider.enqueue(Reply.fault("cut_stream"))

    frames = frames_of(client.post("/copilotkit", json=question()))

    assert frames[0][0] == "delta" and frames[-1][0] == "error"
    assert "result" not in [name for name, _ in frames]
    assert frames[-1][1]["errors"][0]["extensions"]["code"] == "PROVIDER_BAD_RESPONSE"
    assert AnalysisRequest.objects.get().error_code == "PROVIDER_BAD_RESPONSE"


def test_bad_input_is_a_json_400_even_when_the_client_accepts_only_a_stream(client, provider):
    response = client.post("/copilotkit", json=question(messages=[]))

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["field"] == "messages"
    assert not AnalysisRequest.objects.exists()


def test_with_streaming_disabled_on_the_server_the_answer_is_json(client, provider, settings):
    settings.ENABLE_GLM_STREAMING = False
    provider.enqueue(Reply.ok(ANSWER))

    response = client.post("/copilotkit", json=question())

    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.json()["data"]["generateCopilotResponse"]["response"] == ANSWER
    assert AnalysisRequest.objects.get().streamed is False


def test_a_client_that_disconnects_cancels_the_call(client, provider):
    provider.token_delay = 0.2
    provider.enqueue(Reply.ok(" ".join(f"word{n}" for n in range(40))))
    with client.stream("POST", "/copilotkit", json=question()) as response:
        for line in response.iter_lines():
            if line.startswith("event: delta"):
                break

    wait_for(lambda: AnalysisRequest.objects.get().status != "pending", timeout=20)
    assert AnalysisRequest.objects.get().error_code == "CANCELLED"
    provider.token_delay = 0
    wait_for(lambda: provider.in_flight == 0, timeout=20)
