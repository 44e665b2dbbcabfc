"""The AG-UI runtime's HTTP endpoints, as ``@copilotkit/core`` and ``@ag-ui/client`` call them.

``GET /copilotkit/info``; ``POST /copilotkit/agent/<id>/run`` and ``…/connect`` answer with
``text/event-stream`` frames made by the ``ag-ui-protocol`` encoder, flushed one by one;
``POST /copilotkit/agent/<id>/stop/<threadId>``; and the single-route form, ``POST /copilotkit``
with a ``method`` key. Async views on the ASGI server: a client that goes away cancels the run.
Error bodies carry the API's ``errors`` list and a top-level ``message``, the one CopilotKit shows.
"""

from __future__ import annotations

import functools

from ag_ui.core import RunAgentInput
from ag_ui.encoder import EventEncoder
from asgiref.sync import sync_to_async
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from pydantic import ValidationError

from copilot.agui import runs, stops, translate
from copilot.agui.schema import ConnectSchema, InfoSchema, RunSchema, StopSchema, documented
from copilot.analysis.prompts import AGENTS
from copilot.errors import HTTP_STATUS, CopilotError, ErrorCode, error_body
from copilot.frontdoor.guard import caller
from copilot.frontdoor.http import allowing
from copilot.frontdoor.limits import check_id
from copilot.frontdoor.turns import turn_admit
from sergas import jsonbody

RUNTIME_VERSION = "1.0.0"


def error_response(code: ErrorCode, message: str, *, field: str | None = None) -> JsonResponse:
    body = {"message": message, **error_body(code, [(message, field)])}
    return JsonResponse(body, status=HTTP_STATUS[code])


def _json_body(request) -> dict:
    try:
        return jsonbody.json_object(request)
    except jsonbody.BodyError as error:
        raise CopilotError.from_body(error) from None


def _run_input(body: dict) -> RunAgentInput:
    try:
        return RunAgentInput.model_validate(body)
    except ValidationError as invalid:
        problem = invalid.errors()[0]
        field = ".".join(str(part) for part in problem["loc"])
        raise CopilotError(ErrorCode.VALIDATION_ERROR, f"{field}: {problem['msg']}", field=field) from None


def _agent(agent_id: str) -> str:
    if agent_id not in AGENTS:
        raise CopilotError(ErrorCode.VALIDATION_ERROR, f"Unknown agent '{agent_id}'.", field="agentId")
    return agent_id


def _stream(events) -> StreamingHttpResponse:
    encoder = EventEncoder()

    async def frames():
        async for event in events:
            yield encoder.encode(event)

    response = StreamingHttpResponse(frames(), content_type=encoder.get_content_type())
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # a proxy in front must not hold the frames back
    return response


def info_body() -> dict:
    return {
        "version": RUNTIME_VERSION,
        "agents": {agent_id: {"description": agent.description} for agent_id, agent in AGENTS.items()},
        "mode": "sse",
    }


def refusal(error: CopilotError) -> JsonResponse:
    response = error_response(error.code, error.message, field=error.field)
    if error.field == "agentId":
        response.status_code = 404
    if error.retry_after is not None:
        response["Retry-After"] = str(error.retry_after)
    return response


async def _answering(handler, request, user, *args) -> HttpResponse:
    try:
        return await handler(request, user, *args)
    except CopilotError as error:
        return refusal(error)


async def answer(handler, request, *args) -> HttpResponse:
    """``handler``'s answer for the authenticated caller; any refusal as its documented error."""
    try:
        user = await caller(request)
    except CopilotError as error:
        return refusal(error)
    return await _answering(handler, request, user, *args)


async def _info(request, user) -> HttpResponse:
    return JsonResponse(info_body())


async def _run(request, user, agent_id: str, body: dict | None = None) -> HttpResponse:
    agent = _agent(agent_id)
    run = _run_input(body if body is not None else _json_body(request))
    state = runs.RunStream()
    opened = await turn_admit(translate.turn(user, agent, run), state)  # refused here: a 4xx, not a stream
    return _stream(runs.run_events(opened, run, state))


async def _connect(request, user, agent_id: str, body: dict | None = None) -> HttpResponse:
    _agent(agent_id)
    run = _run_input(body if body is not None else _json_body(request))
    check_id(run.thread_id, "threadId")
    messages = await sync_to_async(runs.stored_conversation)(user, run)  # refused here: a 4xx
    return _stream(runs.connect_events(run, messages))


async def _stop(request, user, agent_id: str, thread_id: str) -> HttpResponse:
    _agent(agent_id)
    check_id(thread_id, "threadId")
    await sync_to_async(stops.stop_request)(user.pk, thread_id)
    return JsonResponse({"stopped": True, "threadId": thread_id})


@functools.partial(documented, schema=InfoSchema)
@allowing("GET", "HEAD")
async def info(request):
    return await answer(_info, request)


@functools.partial(documented, schema=RunSchema)
@allowing("POST")
async def run(request, agent_id: str):
    return await answer(_run, request, agent_id)


@functools.partial(documented, schema=ConnectSchema)
@allowing("POST")
async def connect(request, agent_id: str):
    return await answer(_connect, request, agent_id)


@functools.partial(documented, schema=StopSchema)
@allowing("POST")
async def stop(request, agent_id: str, thread_id: str):
    return await answer(_stop, request, agent_id, thread_id)


async def single_route(request, user, body: dict) -> HttpResponse:
    """``POST /copilotkit`` with ``{"method", "params": {"agentId"}, "body"}``, for a caller
    already authenticated."""
    method = body.get("method")
    params = body.get("params") if isinstance(body.get("params"), dict) else {}
    agent_id = params.get("agentId") or "orchestrator"
    run_body = body.get("body") if isinstance(body.get("body"), dict) else {}
    if method == "info":
        handler, args = _info, ()
    elif method == "agent/run":
        handler, args = _run, (agent_id, run_body)
    elif method == "agent/connect":
        handler, args = _connect, (agent_id, run_body)
    elif method == "agent/stop":
        handler, args = _stop, (agent_id, str(params.get("threadId") or run_body.get("threadId") or ""))
    else:
        return error_response(ErrorCode.VALIDATION_ERROR, f"Unknown method {method!r}.", field="method")
    return await _answering(handler, request, user, *args)
