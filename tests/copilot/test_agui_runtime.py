"""The AG-UI runtime over real HTTP on the ASGI server: what CopilotKit and AG-UI clients get."""

import json
import time
import uuid

import httpx
import pytest
from rest_framework.authtoken.models import Token

from copilot.models import AnalysisRequest, ThreadMessage
from tests.copilot.faults import FAULTS
from tests.factories import AccountFactory, UserFactory
from tests.support.processes import wait_for
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RUN = "/copilotkit/agent/orchestrator/run"
SSE = {"Accept": "text/event-stream", "Content-Type": "application/json"}


def headers_for(user) -> dict:
    return {**SSE, "Authorization": f"Bearer {Token.objects.create(user=user).key}"}


def run_input(*messages, thread_id=None, **extra) -> dict:
    return {
        "threadId": thread_id or str(uuid.uuid4()),
        "runId": str(uuid.uuid4()),
        "state": {},
        "messages": list(messages),
        "tools": [],
        "context": [],
        "forwardedProps": {},
        "protocolVersion": "1.0.0",  # extra keys are tolerated
        **extra,
    }


def user_says(text: str) -> dict:
    return {"id": str(uuid.uuid4()), "role": "user", "content": text}


def events_of(response: httpx.Response) -> list[dict]:
    assert response.headers["content-type"].startswith("text/event-stream")
    frames = [frame for frame in response.text.split("\n\n") if frame.strip()]
    assert all(frame.startswith("data: ") for frame in frames)
    return [json.loads(frame.removeprefix("data: ")) for frame in frames]


def types(events: list[dict]) -> list[str]:
    return [event["type"] for event in events]


def runs_of(names: list[str]) -> list[str]:
    """The sequence with repeats folded: A A B → A B."""
    return [name for index, name in enumerate(names) if index == 0 or names[index - 1] != name]


def without_nulls(value) -> bool:
    if isinstance(value, dict):
        return all(item is not None and without_nulls(item) for item in value.values())
    if isinstance(value, list):
        return all(without_nulls(item) for item in value)
    return True


@pytest.fixture
def manager(db):
    return UserFactory(username="morgan")


@pytest.fixture
def client(asgi_server, manager):
    with httpx.Client(base_url=asgi_server.url, headers=headers_for(manager), timeout=30) as client:
        yield client


@pytest.fixture
def account(manager):
    return AccountFactory(external_id="ACC-77", name="Globex", status="at_risk", owner=manager)


def test_info_lists_the_agents_by_id_in_both_forms(client):
    multi = client.get("/copilotkit/info", headers={"Content-Type": ""})
    single = client.post("/copilotkit", json={"method": "info"})

    assert multi.status_code == single.status_code == 200
    assert multi.json() == single.json()
    assert multi.json()["agents"]["orchestrator"]["description"]
    assert multi.json()["mode"] == "sse" and multi.json()["version"]


def test_a_bad_token_is_a_401_with_a_message_copilotkit_can_show(asgi_server):
    response = httpx.get(f"{asgi_server.url}/copilotkit/info", headers={"Authorization": "Bearer nope"})

    assert response.status_code == 401
    body = response.json()
    assert body["message"] and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_an_unknown_agent_is_a_404_with_the_documented_body(client):
    response = client.post("/copilotkit/agent/nobody/run", json=run_input(user_says("Hi")))

    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert "nobody" in response.json()["message"]


def test_a_plain_answer_streams_in_order_with_the_account_facts(client, provider, account, manager):
    provider.enqueue(Reply.ok("Renewal risk is high; call the sponsor this week."))
    run = run_input(user_says("What are the main risks?"), forwardedProps={"account_id": "ACC-77"})

    events = events_of(client.post(RUN, json=run))

    assert types(events)[:4] == ["RUN_STARTED", "STATE_SNAPSHOT", "STEP_STARTED", "TEXT_MESSAGE_START"]
    assert types(events)[-3:] == ["TEXT_MESSAGE_END", "STEP_FINISHED", "RUN_FINISHED"]
    assert set(types(events)[4:-3]) == {"TEXT_MESSAGE_CONTENT"} and len(events) > 8
    text = "".join(event["delta"] for event in events if event["type"] == "TEXT_MESSAGE_CONTENT")
    assert text == "Renewal risk is high; call the sponsor this week."
    state = events[1]["snapshot"]
    assert state["account"] == {"id": "ACC-77", "name": "Globex", "status": "at_risk", "owner": "morgan"}
    assert "at_risk_status" in {signal["code"] for signal in state["health"]["signals"]}
    assert all(isinstance(event["timestamp"], int) for event in events)
    assert all(without_nulls(event) for event in events)
    record = AnalysisRequest.objects.get()
    assert (record.source, record.status, record.response, record.account) == ("agui", "succeeded", text, account)
    assert record.thread.key == run["threadId"] and record.streamed
    stored = list(ThreadMessage.objects.filter(thread=record.thread).values_list("role", "content"))
    assert stored == [("user", "What are the main risks?"), ("assistant", text)]


def test_the_pages_context_goes_into_the_prompt_as_data(client, provider):
    run = run_input(user_says("Hi"), context=[{"description": "The page shows", "value": "Deal D-9 is late"}])

    events_of(client.post(RUN, json=run))

    system = provider.requests[-1]["body"]["system"]
    assert "<page_context>\n- The page shows: Deal D-9 is late\n</page_context>" in system
    assert "not instructions" in system


def test_a_frontend_tool_call_round_trip(client, provider, account):
    tool = {
        "name": "logFollowUp",
        "description": "Log a follow-up activity",
        "parameters": {"type": "object", "properties": {"subject": {"type": "string"}}},
    }
    provider.enqueue(Reply.tool_use("logFollowUp", {"subject": "Call the sponsor"}, text="I'll log it."))
    question = user_says("Log a follow-up")
    run = run_input(question, tools=[tool], forwardedProps={"account_id": "ACC-77"})

    events = events_of(client.post(RUN, json=run))

    assert runs_of(types(events)) == [
        "RUN_STARTED",
        "STATE_SNAPSHOT",
        "STEP_STARTED",
        "TEXT_MESSAGE_START",
        "TEXT_MESSAGE_CONTENT",
        "TEXT_MESSAGE_END",
        "TOOL_CALL_START",
        "TOOL_CALL_ARGS",
        "TOOL_CALL_END",
        "STEP_FINISHED",
        "RUN_FINISHED",
    ]
    start = next(event for event in events if event["type"] == "TOOL_CALL_START")
    assert start["toolCallName"] == "logFollowUp" and start["parentMessageId"] == events[3]["messageId"]
    arguments = "".join(event["delta"] for event in events if event["type"] == "TOOL_CALL_ARGS")
    assert json.loads(arguments) == {"subject": "Call the sponsor"}
    assert provider.requests[-1]["body"]["tools"][0]["input_schema"] == tool["parameters"]

    # The frontend ran the tool; the next run carries its result and the conversation goes on.
    assistant = {
        "id": events[3]["messageId"],
        "role": "assistant",
        "content": "I'll log it.",
        "toolCalls": [
            {"id": start["toolCallId"], "type": "function", "function": {"name": "logFollowUp", "arguments": arguments}}
        ],
    }
    result = {"id": str(uuid.uuid4()), "role": "tool", "toolCallId": start["toolCallId"], "content": "logged #5"}
    follow_up = run_input(question, assistant, result, thread_id=run["threadId"], tools=[tool])

    events = events_of(client.post(RUN, json=follow_up))

    text = "".join(event["delta"] for event in events if event["type"] == "TEXT_MESSAGE_CONTENT")
    assert "logged #5" in text and types(events)[-1] == "RUN_FINISHED"
    sent = provider.requests[-1]["body"]["messages"]
    assert sent[-1]["content"][0] == {"type": "tool_result", "tool_use_id": start["toolCallId"], "content": "logged #5"}
    assert sent[-2]["content"][1]["type"] == "tool_use"
    stored = list(ThreadMessage.objects.order_by("id").values_list("role", "tool_call_id"))
    assert [role for role, _ in stored] == ["user", "assistant", "tool", "assistant"]
    record = AnalysisRequest.objects.order_by("pk").first()
    assert record.tool_calls == [{"id": start["toolCallId"], "name": "logFollowUp", "arguments": arguments}]


@pytest.mark.parametrize(
    ("replies", "overrides", "code"),
    [
        (replies, overrides, code)
        for name, replies, overrides, code, _, _ in FAULTS
        if name in ("rate-429", "timeout", "cut-stream")
    ],
    ids=["rate-429", "timeout", "cut-stream"],
)
def test_a_provider_failure_is_run_error_with_its_code_and_nothing_after(
    client, provider, settings, replies, overrides, code
):
    for name, value in overrides.items():
        setattr(settings, name, value)
    provider.enqueue(*replies)

    events = events_of(client.post(RUN, json=run_input(user_says("Hi"))))

    assert events[-1]["type"] == "RUN_ERROR" and events[-1]["code"] == code and events[-1]["message"]
    assert "RUN_FINISHED" not in types(events)
    record = AnalysisRequest.objects.get()
    assert record.error_code == code
    assert events[-1]["rawEvent"] == {"requestId": str(record.pk)}  # what the app quotes to the manager


def test_a_client_that_disconnects_cancels_the_call(asgi_server, manager, provider):
    provider.token_delay = 0.2
    provider.enqueue(Reply.ok(" ".join(f"word{n}" for n in range(40))))
    with (
        httpx.Client(base_url=asgi_server.url, headers=headers_for(manager), timeout=30) as client,
        client.stream("POST", RUN, json=run_input(user_says("Hi"))) as response,
    ):
        for line in response.iter_lines():
            if "TEXT_MESSAGE_CONTENT" in line:
                break

    wait_for(lambda: AnalysisRequest.objects.get().status != "pending", timeout=20)
    record = AnalysisRequest.objects.get()
    assert (record.status, record.error_code) == ("cancelled", "CANCELLED")
    provider.token_delay = 0
    wait_for(lambda: provider.in_flight == 0, timeout=20)


def test_stop_cancels_a_run_in_flight(asgi_server, manager, provider):
    provider.token_delay = 0.1
    provider.enqueue(Reply.ok(" ".join(f"word{n}" for n in range(60))))
    run = run_input(user_says("Hi"))
    headers = headers_for(manager)
    started = time.monotonic()
    with (
        httpx.Client(base_url=asgi_server.url, headers=headers, timeout=30) as client,
        client.stream("POST", RUN, json=run) as response,
    ):
        lines = response.iter_lines()
        for line in lines:
            if "TEXT_MESSAGE_CONTENT" in line:
                client.post(f"/copilotkit/agent/orchestrator/stop/{run['threadId']}")
                break
        rest = list(lines)
    assert time.monotonic() - started < 5  # far less than the 6 s the whole answer takes
    assert any("RUN_FINISHED" in line for line in rest)
    wait_for(lambda: AnalysisRequest.objects.get().status == "cancelled", timeout=10)
    provider.token_delay = 0
    wait_for(lambda: provider.in_flight == 0, timeout=20)


def test_connect_replays_the_thread_and_an_unknown_thread_is_empty(client, provider):
    run = run_input(user_says("Hello there"))
    events_of(client.post(RUN, json=run))

    replay = events_of(client.post("/copilotkit/agent/orchestrator/connect", json=run_input(thread_id=run["threadId"])))
    empty = events_of(client.post("/copilotkit/agent/orchestrator/connect", json=run_input()))

    assert types(replay) == ["RUN_STARTED", "MESSAGES_SNAPSHOT", "RUN_FINISHED"]
    messages = replay[1]["messages"]
    assert [message["role"] for message in messages] == ["user", "assistant"]
    assert messages[0] == {"id": run["messages"][0]["id"], "role": "user", "content": "Hello there"}
    assert types(empty) == ["RUN_STARTED", "MESSAGES_SNAPSHOT", "RUN_FINISHED"] and empty[1]["messages"] == []


def test_the_single_route_form_runs_and_connects(client, provider):
    run = run_input(user_says("Hi"))
    body = {"method": "agent/run", "params": {"agentId": "orchestrator"}, "body": run}

    events = events_of(client.post("/copilotkit", json=body))
    replay = events_of(
        client.post("/copilotkit", json={"method": "agent/connect", "params": {"agentId": "orchestrator"}, "body": run})
    )

    assert types(events)[-1] == "RUN_FINISHED"
    assert [message["role"] for message in replay[1]["messages"]] == ["user", "assistant"]


def test_another_users_thread_is_refused_before_any_stream(client, provider, asgi_server):
    run = run_input(user_says("Mine"))
    events_of(client.post(RUN, json=run))
    intruder = UserFactory(username="intruder")
    with httpx.Client(base_url=asgi_server.url, headers=headers_for(intruder), timeout=30) as other:
        refused_run = other.post(RUN, json=run_input(user_says("Yours?"), thread_id=run["threadId"]))
        refused_replay = other.post("/copilotkit/agent/orchestrator/connect", json=run_input(thread_id=run["threadId"]))

    for refused in (refused_run, refused_replay):
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        assert refused.json()["message"] == "This thread belongs to another user."
    assert AnalysisRequest.objects.count() == 1
    assert ThreadMessage.objects.filter(content="Yours?").count() == 0


def test_the_rest_api_shows_the_users_threads_with_what_they_cost_and_their_messages(client, provider, account):
    run = run_input(user_says("Hi"), forwardedProps={"account_id": "ACC-77"})
    events_of(client.post(RUN, json=run))
    events_of(client.post(RUN, json=run_input(user_says("Unrelated"))))

    as_json = {"Accept": "application/json"}
    listed = client.get("/api/threads/?account=ACC-77", headers=as_json).json()["results"]
    detail = client.get(f"/api/threads/{run['threadId']}/", headers=as_json).json()

    assert [thread["id"] for thread in listed] == [run["threadId"]]
    usage = AnalysisRequest.objects.get(thread__key=run["threadId"]).usage
    assert (listed[0]["title"], listed[0]["calls"], listed[0]["output_tokens"]) == ("Hi", 1, usage.output_tokens)
    assert listed[0]["message_count"] == 2  # the question and the answer
    assert listed[0]["cost_usd"] == f"{usage.cost_usd:.6f}"
    assert [message["role"] for message in detail["messages"]] == ["user", "assistant"]
    assert detail["messages"][1]["request_id"] == usage.analysis_request_id


def test_an_allowed_origin_may_call_with_a_header_token_and_others_get_no_cors_headers(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    allowed = client.get("/copilotkit/info", headers={"Origin": "https://app.example.com"})
    other = client.get("/copilotkit/info", headers={"Origin": "https://evil.example.com"})
    preflight = client.options(
        RUN,
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )

    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200 and "authorization" in preflight.headers["access-control-allow-headers"]


def test_a_staff_session_must_send_its_csrf_token(asgi_server, provider):
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    staff = UserFactory(username="boss", is_staff=True)
    session = SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = staff.get_session_auth_hash()
    session.save()
    cookies = {"sessionid": session.session_key, "csrftoken": "a" * 32}
    with httpx.Client(base_url=asgi_server.url, headers=SSE, cookies=cookies, timeout=30) as browser:
        without = browser.post(RUN, json=run_input(user_says("Hi")))
        with_token = browser.post(RUN, json=run_input(user_says("Hi")), headers={"X-CSRFToken": "a" * 32})

    assert without.status_code == 403 and "CSRF" in without.json()["message"]
    assert with_token.status_code == 200 and events_of(with_token)[-1]["type"] == "RUN_FINISHED"
