"""Every AI entry goes through one front door: one call budget per user, the same limits checked
before anything is stored or sent, and the same record of the conversation. Real HTTP on uvicorn,
the real SDK against the provider double."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import httpx
import pytest
from rest_framework.authtoken.models import Token

from copilot.models import AnalysisRequest, Thread, ThreadMessage
from tests.factories import AccountFactory, UserFactory
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SSE = {"Accept": "text/event-stream", "Content-Type": "application/json"}


def agui_body(text: str, thread_id: str, **extra) -> dict:
    return {
        "threadId": thread_id,
        "runId": str(uuid.uuid4()),
        "state": {},
        "messages": [{"id": str(uuid.uuid4()), "role": "user", "content": text}],
        "tools": [],
        "context": [],
        "forwardedProps": {},
        **extra,
    }


def sse_events(response: httpx.Response) -> list[dict]:
    frames = [frame for frame in response.text.split("\n\n") if frame.strip()]
    return [json.loads(frame.split("data: ", 1)[1]) for frame in frames]


@dataclass(frozen=True)
class Entry:
    """One way in: how it asks, and how its answer's text is read."""

    name: str

    def ask(self, client: httpx.Client, text: str, *, thread_id: str, **extra) -> httpx.Response:
        if self.name.startswith("seed"):
            body = {"messages": [{"role": "user", "content": text}], "thread_id": thread_id, **extra}
            if self.name == "seed streamed":
                body["stream"] = True
            return client.post("/copilotkit", json=body)
        run = agui_body(text, thread_id, **extra)
        if self.name == "agui single-route":
            body = {"method": "agent/run", "params": {"agentId": "orchestrator"}, "body": run}
            return client.post("/copilotkit", json=body, headers=SSE)
        return client.post("/copilotkit/agent/orchestrator/run", json=run, headers=SSE)

    def answer(self, response: httpx.Response) -> str:
        assert response.status_code == 200, response.text
        if self.name == "seed":
            return response.json()["data"]["generateCopilotResponse"]["response"]
        events = sse_events(response)
        if self.name == "seed streamed":
            return "".join(event["text"] for event in events if "text" in event)
        assert events[-1]["type"] == "RUN_FINISHED", events[-1]
        return "".join(event["delta"] for event in events if event["type"] == "TEXT_MESSAGE_CONTENT")


ENTRIES = [Entry("seed"), Entry("seed streamed"), Entry("agui"), Entry("agui single-route")]
AGUI_ENTRIES = [entry for entry in ENTRIES if entry.name.startswith("agui")]


@pytest.fixture
def manager(db):
    return UserFactory(username="morgan")


def client_for(server, user) -> httpx.Client:
    token = Token.objects.get_or_create(user=user)[0].key
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


@pytest.fixture
def client(asgi_server, manager):
    with client_for(asgi_server, manager) as client:
        yield client


def error_code(response: httpx.Response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


# --- one budget of calls ------------------------------------------------------------------------


def test_the_call_budget_is_one_for_every_entry(client, provider, settings):
    settings.COPILOT_RATE_LIMIT = "4/min"
    answered = [entry.answer(entry.ask(client, "Hello", thread_id=f"t{n}")) for n, entry in enumerate(ENTRIES)]
    assert answered == ["Double reply to: Hello"] * 4

    for entry in ENTRIES:
        refused = entry.ask(client, "One more", thread_id="t-over")
        assert refused.status_code == 429, entry.name
        assert error_code(refused) == "RATE_LIMITED"
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert len(provider.requests) == 4
    assert AnalysisRequest.objects.count() == 4
    assert not ThreadMessage.objects.filter(content="One more").exists()


def test_the_budget_is_each_users_own(asgi_server, client, provider, settings):
    settings.COPILOT_RATE_LIMIT = "1/min"
    Entry("agui").answer(Entry("agui").ask(client, "Mine", thread_id="a"))
    with client_for(asgi_server, UserFactory(username="riley")) as other:
        assert Entry("seed").answer(Entry("seed").ask(other, "Theirs", thread_id="b"))


# --- the limits, before anything is stored or sent ---------------------------------------------


def huge(characters: int) -> str:
    return "x" * characters


SEED_REFUSALS = {
    "too many messages": (
        {"messages": [{"role": "user", "content": "hi"}] * 4},
        "messages",
    ),
    "a message too long": ({"messages": [{"role": "user", "content": huge(101)}]}, "messages[0].content"),
    "a thread id out of pattern": ({"thread_id": "x" * 201}, "thread_id"),
}

AGUI_REFUSALS = {
    "too many messages": (
        {"messages": [{"id": f"m{n}", "role": "user", "content": "hi"} for n in range(4)]},
        "messages",
    ),
    "a message too long": ({"messages": [{"id": "m1", "role": "user", "content": huge(101)}]}, "messages[0].content"),
    "a tool result too long": (
        {
            "messages": [
                {"id": "m1", "role": "user", "content": "hi"},
                {
                    "id": "m2",
                    "role": "assistant",
                    "toolCalls": [
                        tool_call := {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
                    ],
                },
                {"id": "m3", "role": "tool", "toolCallId": "c1", "content": huge(101)},
            ]
        },
        "messages[2].content",
    ),
    "a conversation too long": (
        {
            "messages": [
                {"id": "m1", "role": "user", "content": "hi"},
                {"id": "m2", "role": "assistant", "content": huge(300)},
                {"id": "m3", "role": "user", "content": "and?"},
            ]
        },
        "messages",
    ),
    "a message id out of pattern": (
        {"messages": [{"id": "bad id!", "role": "user", "content": "hi"}]},
        "messages[0].id",
    ),
    "a thread id too long": ({"threadId": "t" * 201}, "threadId"),
    "a run id out of pattern": ({"runId": "../etc"}, "runId"),
    "too many context entries": ({"context": [{"description": "d", "value": "v"}] * 3}, "context"),
    "a context too long": ({"context": [{"description": "page", "value": huge(200)}]}, "context"),
    "too many tools": (
        {"tools": [{"name": f"tool_{n}", "description": "d", "parameters": {}} for n in range(3)]},
        "tools",
    ),
    "tool definitions too large": ({"tools": [{"name": "t", "description": huge(600), "parameters": {}}]}, "tools"),
    "a tool name the provider refuses": ({"tools": [{"name": "no spaces", "description": "d"}]}, "tools[0].name"),
    "two tools of one name": ({"tools": [{"name": "t", "description": "d"}] * 2}, "tools[1].name"),
    "forwardedProps too large": ({"forwardedProps": {"note": huge(300)}}, "forwardedProps"),
    "a state too large": ({"state": {"note": huge(300)}}, "state"),
}


@pytest.fixture
def small_limits(settings):
    settings.COPILOT_MAX_MESSAGES = 3
    settings.COPILOT_MAX_MESSAGE_CHARS = 100
    settings.COPILOT_MAX_CONVERSATION_CHARS = 250
    settings.COPILOT_MAX_CONTEXT_ENTRIES = 2
    settings.COPILOT_MAX_CONTEXT_CHARS = 150
    settings.COPILOT_MAX_TOOLS = 2
    settings.COPILOT_MAX_TOOLS_BYTES = 500
    settings.COPILOT_MAX_PROPS_BYTES = 200


def assert_refused_before_anything(response: httpx.Response, field: str, provider) -> None:
    assert response.status_code == 400, response.text
    problem = response.json()["errors"][0]
    assert problem["extensions"] == {"code": "VALIDATION_ERROR", "requestId": None, "field": field}
    assert field in problem["message"]
    assert provider.requests == []
    assert (Thread.objects.count(), ThreadMessage.objects.count(), AnalysisRequest.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize("refusal", SEED_REFUSALS, ids=list(SEED_REFUSALS))
@pytest.mark.parametrize("entry", ENTRIES[:2], ids=lambda entry: entry.name)
def test_a_seed_request_over_a_limit_is_refused_naming_the_field(client, provider, small_limits, entry, refusal):
    overrides, field = SEED_REFUSALS[refusal]
    body = {"messages": [{"role": "user", "content": "hi"}], "stream": entry.name == "seed streamed", **overrides}
    assert_refused_before_anything(client.post("/copilotkit", json=body), field, provider)


@pytest.mark.parametrize("refusal", AGUI_REFUSALS, ids=list(AGUI_REFUSALS))
@pytest.mark.parametrize("entry", AGUI_ENTRIES, ids=lambda entry: entry.name)
def test_a_run_over_a_limit_is_refused_naming_the_field(client, provider, small_limits, entry, refusal):
    overrides, field = AGUI_REFUSALS[refusal]
    response = entry.ask(client, "hi", thread_id="t-1", **overrides)
    assert_refused_before_anything(response, field, provider)
    assert field in response.json()["message"]  # the message CopilotKit shows


def test_a_run_within_every_limit_is_answered(client, provider, small_limits):
    entry = Entry("agui")
    response = entry.ask(
        client,
        "hi",
        thread_id="t-1",
        context=[{"description": "page", "value": "accounts"}],
        tools=[{"name": "log_activity", "description": "Log an activity", "parameters": {"type": "object"}}],
        forwardedProps={"task": "quick_summary"},
    )
    assert entry.answer(response)


# --- one record of the conversation ---------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_every_entry_records_the_conversation_the_same_way(client, provider, entry, manager):
    AccountFactory(external_id="ACC-1", owner=manager)
    provider.enqueue(Reply.ok("First answer."), Reply.ok("Second answer."))
    first = entry.answer(entry.ask(client, "How is ACC-1 doing?", thread_id="conversation-1"))
    if entry.name.startswith("seed"):
        history = [
            {"role": "user", "content": "How is ACC-1 doing?"},
            {"role": "assistant", "content": first},
            {"role": "user", "content": "And next?"},
        ]
        body = {"messages": history, "thread_id": "conversation-1", "stream": entry.name == "seed streamed"}
        second = entry.answer(client.post("/copilotkit", json=body))
    else:
        second = entry.answer(entry.ask(client, "And next?", thread_id="conversation-1"))

    thread = client.get("/api/threads/conversation-1/").json()
    assert thread["title"] == "How is ACC-1 doing?"
    assert [(m["role"], m["content"]) for m in thread["messages"]] == [
        ("user", "How is ACC-1 doing?"),
        ("assistant", first),
        ("user", "And next?"),
        ("assistant", second),
    ]
    assert (first, second) == ("First answer.", "Second answer.")
    calls = list(AnalysisRequest.objects.order_by("pk").values_list("pk", flat=True))
    assert [m["request_id"] for m in thread["messages"]] == [None, calls[0], None, calls[1]]


def test_a_thread_the_seed_endpoint_made_is_replayed_by_connect(client, provider):
    answer = Entry("seed").answer(Entry("seed").ask(client, "Hello there", thread_id="seeded"))
    replay = sse_events(
        client.post(
            "/copilotkit/agent/orchestrator/connect", json=agui_body("", "seeded") | {"messages": []}, headers=SSE
        )
    )
    snapshot = next(event for event in replay if event["type"] == "MESSAGES_SNAPSHOT")
    assert [(m["role"], m.get("content")) for m in snapshot["messages"]] == [
        ("user", "Hello there"),
        ("assistant", answer),
    ]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_another_users_thread_is_refused_by_every_entry(asgi_server, client, provider, entry):
    Entry("seed").answer(Entry("seed").ask(client, "Mine", thread_id="private"))
    with client_for(asgi_server, UserFactory(username="intruder")) as intruder:
        refused = entry.ask(intruder, "Yours?", thread_id="private")
    assert refused.status_code == 403
    assert error_code(refused) == "PERMISSION_DENIED"
    assert AnalysisRequest.objects.count() == 1
    assert not ThreadMessage.objects.filter(content="Yours?").exists()


# --- methods ------------------------------------------------------------------------------------------

ROUTES = {
    "/copilotkit": "POST, OPTIONS",
    "/copilotkit/info": "GET, HEAD, OPTIONS",
    "/copilotkit/agent/orchestrator/run": "POST, OPTIONS",
    "/copilotkit/agent/orchestrator/connect": "POST, OPTIONS",
    "/copilotkit/agent/orchestrator/stop/t-1": "POST, OPTIONS",
}


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "POST", "TRACE"])
def test_a_method_a_route_does_not_take_is_a_405_with_allow(client, path, method):
    if method in ROUTES[path]:
        return
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["Allow"] == ROUTES[path]
    assert error_code(response) == "VALIDATION_ERROR"


@pytest.mark.parametrize("path", ROUTES)
def test_options_says_what_a_route_takes(client, path):
    response = client.options(path)
    assert (response.status_code, response.headers["Allow"]) == (204, ROUTES[path])


def test_head_on_info_answers_without_a_body(client):
    response = client.head("/copilotkit/info")
    assert response.status_code == 200
    assert response.content == b""
