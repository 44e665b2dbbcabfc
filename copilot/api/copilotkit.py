"""``POST /copilotkit``: the seed's generateCopilotResponse, answered by the model; a body with a
``method`` key is AG-UI's single-route form instead, answered by the AG-UI runtime. Both go
through the front door (``copilot.frontdoor``), on the event loop."""

from __future__ import annotations

import structlog
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from copilot.agui import views as agui
from copilot.api.errors import invalid_json, refusal_json
from copilot.api.serializers import CopilotRequestSerializer, CopilotResponse, ErrorResponse
from copilot.api.streaming import AnswerStream, success_body
from copilot.conversations.messages import Message, positional_id
from copilot.errors import CopilotError
from copilot.frontdoor.guard import caller
from copilot.frontdoor.http import allowing
from copilot.frontdoor.turns import Turn, step_message_id, turn_admit, turn_arun
from copilot.models import AnalysisRequest, Source
from sergas import jsonbody

logger = structlog.get_logger(__name__)


class CopilotKitView(APIView):
    """The OpenAPI description of ``POST /copilotkit``; ``copilotkit_endpoint`` serves it."""

    @extend_schema(
        request=CopilotRequestSerializer,
        responses={
            (200, "application/json"): CopilotResponse,
            (200, "text/event-stream"): OpenApiTypes.STR,
            **{(status, "application/json"): ErrorResponse for status in (400, 401, 403, 404, 413, 429, 502, 503, 504)},
        },
        summary="Ask the copilot about an account",
        description='The JSON answer; with `"stream": true`, server-sent events instead: `event: delta` frames '
        '(`{"text"}`) as the model writes, then one `event: result` (the JSON answer\'s body) or `event: error` '
        "(the error body). A failure before any text is the documented error status, as JSON.",
    )
    def post(self, request):  # pragma: no cover - documentation only
        raise NotImplementedError


def seed_turn(user, data: dict) -> Turn:
    """A validated seed request as a turn: its messages carry no ids, so each gets one from its
    place and words, and a resent history is stored once."""
    messages = tuple(
        Message(positional_id(index, message["role"], message["content"]), message["role"], message["content"])
        for index, message in enumerate(data["messages"])
    )
    return Turn(
        user=user,
        agent=data["agent"],
        source=Source.API,
        messages=messages,
        thread_key=data.get("thread_id"),
        account_id=data.get("account_id") or None,
        task=data["task"],
        stream=data["stream"] and settings.ENABLE_GLM_STREAMING,
    )


class SeedIds:
    """The answer's id is the one it has when the client sends it back in the next request's
    history; a step's, the front door's own."""

    def __init__(self, turn: Turn):
        self.position = len(turn.messages)

    def reply_id(self, record: AnalysisRequest) -> str:
        return positional_id(self.position, "assistant", record.response)

    def step_id(self, record: AnalysisRequest) -> str:
        return step_message_id(record)


# DRF copies every declared field into each serializer it makes; the request's shape never
# changes, so one instance validates them all (``run_validation`` keeps nothing between calls).
_REQUEST = CopilotRequestSerializer()


async def _seed(user, body: dict) -> HttpResponse:
    try:
        data = _REQUEST.run_validation(body)
    except ValidationError as error:
        return invalid_json(error.detail)
    logger.info(
        "copilotkit_request_received",
        user_id=user.pk,
        account_id=data.get("account_id"),
        agent=data["agent"],
        messages=len(data["messages"]),
    )
    turn = seed_turn(user, data)
    opened = await turn_admit(turn, SeedIds(turn))
    if turn.stream:
        return await AnswerStream(opened).open()
    result = await turn_arun(opened)
    return JsonResponse(success_body(result))  # of loaded rows only: no database step


@allowing("POST")
async def copilotkit_endpoint(request):
    """One URL, two protocols, told apart by the ``method`` key."""
    try:
        user = await caller(request)
        try:
            body = jsonbody.json_object(request)
        except jsonbody.BodyError as error:
            raise CopilotError.from_body(error) from None
        if "method" in body:
            return await agui.single_route(request, user, body)
        return await _seed(user, body)
    except CopilotError as error:
        return refusal_json(error)


# The OpenAPI schema documents this URL as the seed's view (drf-spectacular reads ``cls``).
copilotkit_endpoint.cls = CopilotKitView
copilotkit_endpoint.initkwargs = {}
