"""The agent in AG-UI runs over real HTTP: each provider call a step, each server tool call with
its JSON result, frontend tools ending the run as before, and the thread replayed by /connect."""

import json
import uuid

import httpx
import pytest
from ag_ui.core import Event
from pydantic import TypeAdapter

from copilot.models import AnalysisRequest, ThreadMessage
from tests.copilot.test_agui_runtime import RUN, events_of, headers_for, run_input, runs_of, types, user_says
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOLLOW_UP = {
    "name": "logFollowUp",
    "description": "Log a follow-up activity",
    "parameters": {"type": "object", "properties": {"subject": {"type": "string"}}},
}
AG_UI_EVENT = TypeAdapter(Event)


@pytest.fixture
def client(asgi_server, manager):
    with httpx.Client(base_url=asgi_server.url, headers=headers_for(manager), timeout=30) as client:
        yield client


def valid(events: list[dict]) -> list[dict]:
    """Each event as AG-UI's own models read it (a wrong field or type fails here)."""
    for event in events:
        AG_UI_EVENT.validate_python(event)
    return events


def test_a_server_tool_call_streams_as_steps_with_its_result_then_the_answer(client, provider, manager, book):
    provider.enqueue(*Reply.plan(("search_accounts", {"status": ["at_risk"]})))
    run = run_input(user_says("Which accounts are at risk?"))

    events = valid(events_of(client.post(RUN, json=run)))

    assert runs_of(types(events)) == [
        "RUN_STARTED",
        "STATE_SNAPSHOT",
        "STEP_STARTED",
        "TOOL_CALL_START",
        "TOOL_CALL_ARGS",
        "TOOL_CALL_END",
        "TOOL_CALL_RESULT",
        "STEP_FINISHED",
        "STEP_STARTED",
        "TEXT_MESSAGE_START",
        "TEXT_MESSAGE_CONTENT",
        "TEXT_MESSAGE_END",
        "STEP_FINISHED",
        "RUN_FINISHED",
    ]
    start = next(e for e in events if e["type"] == "TOOL_CALL_START")
    result = next(e for e in events if e["type"] == "TOOL_CALL_RESULT")
    assert start["toolCallName"] == "search_accounts" and result["toolCallId"] == start["toolCallId"]
    assert [a["id"] for a in json.loads(result["content"])["accounts"]] == ["ACC-3"]
    steps = [e["stepName"] for e in events if e["type"].startswith("STEP_")]
    assert steps == ["step-1", "step-1", "step-2", "step-2"]
    text_start = next(e for e in events if e["type"] == "TEXT_MESSAGE_START")
    assert text_start["messageId"] != start["parentMessageId"]  # each step is its own message
    finished = events[-1]["result"]
    assert finished["requestId"] == str(AnalysisRequest.objects.order_by("pk").last().pk)

    # /connect replays the same conversation: the tool call, its result and the answer.
    replay = valid(
        events_of(client.post("/copilotkit/agent/orchestrator/connect", json=run_input(thread_id=run["threadId"])))
    )
    messages = replay[1]["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant"]
    assert messages[1]["id"] == start["parentMessageId"] and messages[1]["toolCalls"][0]["id"] == start["toolCallId"]
    assert messages[2]["id"] == result["messageId"] and messages[2]["content"] == result["content"]
    assert messages[3]["id"] == text_start["messageId"]


def test_a_server_tool_then_a_frontend_tool_in_one_run_and_the_next_run_goes_on(client, provider, manager, book):
    provider.enqueue(
        Reply.tool_use("get_account", {"account_id": "ACC-3"}),
        Reply.tool_use("logFollowUp", {"subject": "Call Initech"}, text="Logging it."),
    )
    question = user_says("Log a follow-up for my worst account")
    run = run_input(question, tools=[FOLLOW_UP])

    events = valid(events_of(client.post(RUN, json=run)))

    calls = [e for e in events if e["type"] == "TOOL_CALL_START"]
    assert [c["toolCallName"] for c in calls] == ["get_account", "logFollowUp"]
    assert types(events).count("TOOL_CALL_RESULT") == 1 and types(events)[-2:] == ["STEP_FINISHED", "RUN_FINISHED"]
    assert len(provider.requests) == 2  # the frontend tool's call ended the run for the client

    # The client ran its tool and sends the whole conversation back, as the official clients do.
    replay = events_of(client.post("/copilotkit/agent/orchestrator/connect", json=run_input(thread_id=run["threadId"])))
    history = replay[1]["messages"]
    result = {"id": str(uuid.uuid4()), "role": "tool", "toolCallId": calls[1]["toolCallId"], "content": "logged #5"}
    provider.enqueue(Reply.from_results())
    follow_up = run_input(*history, result, thread_id=run["threadId"], tools=[FOLLOW_UP])

    events = valid(events_of(client.post(RUN, json=follow_up)))

    assert types(events)[-1] == "RUN_FINISHED"
    sent = provider.requests[-1]["body"]["messages"]
    assert [block["type"] for block in sent[-1]["content"]] == ["tool_result"]
    assert sent[-1]["content"][0]["content"] == "logged #5"
    assert ThreadMessage.objects.filter(thread__key=run["threadId"]).count() == 6  # nothing stored twice


def test_a_frontend_tool_named_like_a_server_tool_is_refused_naming_it(client, provider):
    clash = {**FOLLOW_UP, "name": "search_accounts"}

    response = client.post(RUN, json=run_input(user_says("Hi"), tools=[FOLLOW_UP, clash]))

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["field"] == "tools[1].name" and "search_accounts" in error["message"]
    assert provider.requests == [] and not AnalysisRequest.objects.exists()


def test_a_failure_mid_run_is_run_error_after_the_steps_it_made(client, provider, book):
    provider.enqueue(Reply.tool_use("portfolio_summary", {}), Reply.error(401))

    events = valid(events_of(client.post(RUN, json=run_input(user_says("Summarise my book")))))

    assert "TOOL_CALL_RESULT" in types(events) and events[-1]["type"] == "RUN_ERROR"
    assert events[-1]["code"] == "PROVIDER_AUTH_FAILED" and "RUN_FINISHED" not in types(events)
    assert list(AnalysisRequest.objects.order_by("pk").values_list("status", flat=True)) == ["succeeded", "failed"]
