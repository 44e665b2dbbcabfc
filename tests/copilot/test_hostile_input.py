"""Hostile input over real HTTP: every body the API cannot read is a 4xx with a documented code and
a message naming the problem; nothing reaches the provider, nothing is recorded, no traceback."""

import json
import logging
import uuid

import httpx
import pytest
from rest_framework.authtoken.models import Token

from copilot.models import AnalysisRequest, Thread
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEED = "/copilotkit"
RUN = "/copilotkit/agent/orchestrator/run"
CONNECT = "/copilotkit/agent/orchestrator/connect"
ELEVEN_MB = 11 * 1024 * 1024


def seed_body(content="What are the risks?", **extra) -> dict:
    return {
        "agent": "orchestrator",
        "operationName": "generateCopilotResponse",
        "messages": [{"role": "user", "content": content}],
        **extra,
    }


def run_body(content="What are the risks?", **extra) -> dict:
    return {
        "threadId": str(uuid.uuid4()),
        "runId": str(uuid.uuid4()),
        "messages": [{"id": "m1", "role": "user", "content": content}],
        **extra,
    }


def nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


# (name, raw body, content type, status, code, words the message must contain)
UNREADABLE = [
    ("oversized", b'{"x": "' + b"a" * ELEVEN_MB + b'"}', "application/json", 413, "PAYLOAD_TOO_LARGE", "limit of"),
    ("nested 5,000 deep", nested(5000).encode(), "application/json", 400, "VALIDATION_ERROR", "nested"),
    ("nested 100 deep", nested(100).encode(), "application/json", 400, "VALIDATION_ERROR", "nested"),
    ("arrays 5,000 deep", b"[" * 5000 + b"]" * 5000, "application/json", 400, "VALIDATION_ERROR", "nested"),
    ("not UTF-8", b'{"messages": "\xff\xfe"}', "application/json", 400, "VALIDATION_ERROR", "not UTF-8"),
    ("not JSON", b'{"messages": [', "application/json", 400, "VALIDATION_ERROR", "not valid JSON"),
    ("NaN", b'{"temperature": NaN}', "application/json", 400, "VALIDATION_ERROR", "not valid JSON"),
    ("a form", b"messages=hello", "application/x-www-form-urlencoded", 400, "VALIDATION_ERROR", "application/json"),
    ("plain text", b"hello", "text/plain", 400, "VALIDATION_ERROR", "application/json"),
    ("an array", b"[1, 2]", "application/json", 400, "VALIDATION_ERROR", ""),
    ("null", b"null", "application/json", 400, "VALIDATION_ERROR", ""),
    (
        "a NUL in a string",
        json.dumps(seed_body("hi\u0000there")).encode(),
        "application/json",
        400,
        "VALIDATION_ERROR",
        "NUL",
    ),
    (
        "an unpaired surrogate",
        b'{"messages": [{"role": "user", "content": "\\ud800"}]}',
        "application/json",
        400,
        "VALIDATION_ERROR",
        "surrogate",
    ),
]

# Readable JSON of the wrong shape: the field at fault is named.
SEED_WRONG = [
    ("messages null", seed_body() | {"messages": None}, "messages"),
    ("messages a string", seed_body() | {"messages": "hello"}, "messages"),
    ("a message not an object", seed_body() | {"messages": [42]}, "messages[0]"),
    ("content a number", seed_body() | {"messages": [{"role": "user", "content": 7}]}, "messages[0].content"),
    ("content null", seed_body() | {"messages": [{"role": "user", "content": None}]}, "messages[0].content"),
    ("5,000 messages", seed_body() | {"messages": [{"role": "user", "content": "hi"}] * 5000}, "messages"),
    ("account_id an object", seed_body(account_id={"id": 1}), "account_id"),
    ("stream a string", seed_body(stream="maybe"), "stream"),
]
RUN_WRONG = [
    ("threadId missing", {k: v for k, v in run_body().items() if k != "threadId"}, "threadId"),
    ("messages an object", run_body() | {"messages": {"id": "m1"}}, "messages"),
    ("a role nobody has", run_body() | {"messages": [{"id": "m1", "role": "wizard", "content": "hi"}]}, "messages"),
    ("tools a string", run_body(tools="all"), "tools"),
]


@pytest.fixture
def client(asgi_server, user):
    token = Token.objects.create(user=user).key
    headers = {"Authorization": f"Token {token}", "Accept": "application/json, text/event-stream"}
    with httpx.Client(base_url=asgi_server.url, headers=headers, timeout=60) as client:
        yield client


@pytest.fixture(autouse=True)
def watched(provider, caplog):
    caplog.set_level(logging.INFO)
    yield
    assert provider.requests == [], "nothing reaches the provider"
    assert AnalysisRequest.objects.count() == 0, "nothing is recorded"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


def problem_of(response) -> dict:
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["data"] is None
    return body["errors"][0]


@pytest.mark.parametrize("url", [SEED, RUN, CONNECT])
@pytest.mark.parametrize(
    ("name", "raw", "content_type", "status", "code", "words"), UNREADABLE, ids=[c[0] for c in UNREADABLE]
)
def test_a_body_the_api_cannot_read_is_a_4xx_naming_the_problem(
    client, url, name, raw, content_type, status, code, words
):
    response = client.post(url, content=raw, headers={"Content-Type": content_type})

    assert response.status_code == status, response.text[:300]
    problem = problem_of(response)
    assert problem["extensions"]["code"] == code
    assert words in problem["message"]
    assert "Traceback" not in response.text


def test_the_size_limit_is_the_settings_and_in_the_message(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(SEED, json=seed_body("x" * 2000))

    assert response.status_code == 413
    assert "limit of 1,000 bytes" in problem_of(response)["message"]


@pytest.mark.parametrize(("name", "body", "field"), SEED_WRONG, ids=[c[0] for c in SEED_WRONG])
def test_the_seed_endpoint_names_the_field_at_fault(client, name, body, field):
    response = client.post(SEED, json=body)

    assert response.status_code == 400
    problem = problem_of(response)
    assert problem["extensions"] == {"code": "VALIDATION_ERROR", "requestId": None, "field": field}


@pytest.mark.parametrize(("name", "body", "field"), RUN_WRONG, ids=[c[0] for c in RUN_WRONG])
def test_an_agui_run_names_the_field_at_fault(client, name, body, field):
    response = client.post(RUN, json=body)

    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["extensions"]["field"].startswith(field)
    assert body["message"] == body["errors"][0]["message"]
    assert Thread.objects.count() == 0


def test_unicode_is_read_as_written_and_a_bad_account_id_stops_before_the_provider(client, user):
    AccountFactory(external_id="ACC-1", owner=user)

    response = client.post(SEED, json=seed_body("Риски? 風險? 🚨 مخاطر؟", account_id="ACC-🚨"))

    assert response.status_code == 404
    problem = problem_of(response)
    assert problem["extensions"]["code"] == "ACCOUNT_NOT_FOUND"
    assert "ACC-🚨" in problem["message"]
