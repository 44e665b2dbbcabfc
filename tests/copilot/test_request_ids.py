"""X-Request-ID: the caller's (when it is a UUID) or a new one, on every response, on every log
line of the request and on the AnalysisRequest the request made."""

import logging
import re
import uuid

import httpx
import pytest
from rest_framework.authtoken.models import Token

from copilot.models import AnalysisRequest
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db

HEX_ID = re.compile(r"^[0-9a-f]{32}$")


def ask(client, **headers):
    body = {
        "agent": "orchestrator",
        "operationName": "generateCopilotResponse",
        "messages": [{"role": "user", "content": "What are the risks?"}],
    }
    return client.post("/copilotkit", body, format="json", headers=headers)


def test_every_response_has_a_new_id_when_the_caller_sends_none(client, api):
    health = client.get("/copilotkit/health")
    refused = client.get("/api/analyses/")
    listed = api.get("/api/analyses/")

    ids = [response["X-Request-ID"] for response in (health, refused, listed)]
    assert all(HEX_ID.match(value) for value in ids)
    assert len(set(ids)) == 3
    assert "X-Request-ID" in health["Access-Control-Expose-Headers"]


def test_a_callers_uuid_is_kept(client):
    given = str(uuid.uuid4())

    assert client.get("/copilotkit/health", headers={"X-Request-ID": given})["X-Request-ID"] == given


@pytest.mark.parametrize("given", ["abc", "<script>alert(1)</script>", "x" * 500, "1; DROP TABLE"])
def test_anything_else_is_replaced_by_a_new_id(client, given):
    returned = client.get("/copilotkit/health", headers={"X-Request-ID": given})["X-Request-ID"]

    assert returned != given and HEX_ID.match(returned)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_id_is_on_the_record_and_on_every_log_line_of_the_request(asgi_server, user, provider, caplog):
    caplog.set_level(logging.INFO)
    given = uuid.uuid4().hex
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}", "X-Request-ID": given}
    body = {"messages": [{"role": "user", "content": "What are the risks?"}]}

    response = httpx.post(f"{asgi_server.url}/copilotkit", json=body, headers=headers, timeout=30)

    assert response.status_code == 200 and response.headers["X-Request-ID"] == given
    assert AnalysisRequest.objects.get().correlation_id == given
    call = AnalysisRequest.objects.get()
    # This request's lines (threads left by other tests may log too, with no request of theirs).
    ours = [
        record.msg
        for record in caplog.records
        if isinstance(record.msg, dict)
        and (record.msg.get("request_id") == call.pk or record.msg.get("user_id") == call.user_id)
    ]
    assert {"copilotkit_request_received", "glm_response_generated"} <= {event["event"] for event in ours}
    assert {event.get("correlation_id") for event in ours} == {given}


def test_a_failed_call_keeps_the_id_too(api, provider):
    provider.enqueue(*[Reply.error(500)] * 3)

    response = ask(api)

    assert response.status_code == 502
    assert AnalysisRequest.objects.get().correlation_id == response["X-Request-ID"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_streamed_agui_run_records_its_id(asgi_server, user, provider):
    given = uuid.uuid4().hex
    token = Token.objects.create(user=user).key
    body = {"threadId": "t-1", "runId": "r-1", "messages": [{"id": "m1", "role": "user", "content": "Risks?"}]}

    response = httpx.post(
        f"{asgi_server.url}/copilotkit/agent/orchestrator/run",
        json=body,
        headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream", "X-Request-ID": given},
        timeout=30,
    )

    assert response.status_code == 200 and "RUN_FINISHED" in response.text
    assert response.headers["X-Request-ID"] == given
    assert AnalysisRequest.objects.get().correlation_id == given
