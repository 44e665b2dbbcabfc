"""The AG-UI runtime's HTTP endpoints, as ``@copilotkit/core`` and ``@ag-ui/client`` call them.

``GET /copilotkit/info``; ``POST /copilotkit/agent/<id>/run`` and ``…/connect`` answer with
``text/event-stream`` frames made by the ``ag-ui-protocol`` encoder, flushed one by one;
``POST /copilotkit/agent/<id>/stop/<threadId>``; and the single-route form, ``POST /copilotkit``
with a ``method`` key. Async views on the ASGI server: a client that goes away cancels the run.
Error bodies carry the API's ``errors`` list and a top-level ``message``, the one CopilotKit shows.
"""

from __future__ import annotations

from ag_ui.core import RunAgentInput
from ag_ui.encoder import EventEncoder
from asgiref.sync import sync_to_async
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from copilot.agui import runs, stops
from copilot.analysis.prompts import AGENTS
from copilot.errors import HTTP_STATUS, CopilotError, ErrorCode, error_body
from sergas import jsonbody
from sergas.authentication import TokenOrBearerAuthentication

RUNTIME_VERSION = "1.0.0"


def error_response(code: ErrorCode, message: str, *, field: str | None = None) -> JsonResponse:
    body = {"message": message, **error_body(code, [(message, field)])}
    return JsonResponse(body, status=HTTP_STATUS[code])


def _authenticated_user(request):
    """The API's authentication (a token, or a session with its CSRF check)."""
    drf_request = Request(
        request,
        parsers=[jsonbody.JSONBodyParser()],
        authenticators=[TokenOrBearerAuthentication(), SessionAuthentication()],
    )
    try:
        return drf_request.user
    except exceptions.AuthenticationFailed as failure:
        raise CopilotError(ErrorCode.UNAUTHENTICATED, str(failure.detail)) from None
    except exceptions.PermissionDenied as refused:  # the session's CSRF check
        raise CopilotError(ErrorCode.PERMISSION_DENIED, str(refused.detail)) from None
    except exceptions.APIException as invalid:  # a body the CSRF check could not read
        raise CopilotError(ErrorCode.VALIDATION_ERROR, str(invalid.detail)) from None


async def _user(request):
    user = await sync_to_async(_authenticated_user)(request)
    if user is None or not user.is_authenticated:
        raise CopilotError(ErrorCode.UNAUTHENTICATED, "Authentication credentials were not provided.")
    return user


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


async def _answer(handler, request, *args) -> HttpResponse:
    try:
        return await handler(request, *args)
    except CopilotError as error:
        status_code = 404 if error.field == "agentId" else None
        response = error_response(error.code, error.message, field=error.field)
        if status_code:
            response.status_code = status_code
        return response


async def _info(request) -> HttpResponse:
    await _user(request)
    return JsonResponse(info_body())


async def _run(request, agent_id: str, body: dict | None = None) -> HttpResponse:
    user = await _user(request)
    agent = _agent(agent_id)
    run = _run_input(body if body is not None else _json_body(request))
    return _stream(runs.run_events(user=user, agent=agent, run=run))


async def _connect(request, agent_id: str, body: dict | None = None) -> HttpResponse:
    user = await _user(request)
    _agent(agent_id)
    run = _run_input(body if body is not None else _json_body(request))
    return _stream(runs.connect_events(user=user, run=run))


async def _stop(request, agent_id: str, thread_id: str) -> HttpResponse:
    user = await _user(request)
    _agent(agent_id)
    await sync_to_async(stops.stop_request)(user.pk, thread_id)
    return JsonResponse({"stopped": True, "threadId": thread_id})


@csrf_exempt  # header-authenticated; a session is CSRF-checked by its authentication
async def info(request):
    if request.method != "GET":
        return error_response(ErrorCode.VALIDATION_ERROR, "Use GET.")
    return await _answer(_info, request)


@csrf_exempt
async def run(request, agent_id: str):
    if request.method != "POST":
        return error_response(ErrorCode.VALIDATION_ERROR, "Use POST.")
    return await _answer(_run, request, agent_id)


@csrf_exempt
async def connect(request, agent_id: str):
    if request.method != "POST":
        return error_response(ErrorCode.VALIDATION_ERROR, "Use POST.")
    return await _answer(_connect, request, agent_id)


@csrf_exempt
async def stop(request, agent_id: str, thread_id: str):
    if request.method != "POST":
        return error_response(ErrorCode.VALIDATION_ERROR, "Use POST.")
    return await _answer(_stop, request, agent_id, thread_id)


async def single_route(request, body: dict) -> HttpResponse:
    """``POST /copilotkit`` with ``{"method", "params": {"agentId"}, "body"}``."""
    method = body.get("method")
    params = body.get("params") if isinstance(body.get("params"), dict) else {}
    agent_id = params.get("agentId") or "orchestrator"
    run_body = body.get("body") if isinstance(body.get("body"), dict) else {}
    if method == "info":
        return await _answer(_info, request)
    if method == "agent/run":
        return await _answer(_run, request, agent_id, run_body)
    if method == "agent/connect":
        return await _answer(_connect, request, agent_id, run_body)
    if method == "agent/stop":
        return await _answer(_stop, request, agent_id, str(params.get("threadId") or run_body.get("threadId") or ""))
    return error_response(ErrorCode.VALIDATION_ERROR, f"Unknown method {method!r}.", field="method")
