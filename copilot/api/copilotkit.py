"""``POST /copilotkit``: the seed's generateCopilotResponse, answered by the model; a body with a
``method`` key is AG-UI's single-route form instead, answered by the AG-UI runtime."""

from __future__ import annotations

import structlog
from asgiref.sync import sync_to_async
from django.conf import settings
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import visible_account
from copilot.agui import views as agui
from copilot.analysis.service import analysis_run
from copilot.api.errors import copilot_exception_response
from copilot.api.serializers import CopilotRequestSerializer, CopilotResponse, ErrorResponse
from copilot.api.streaming import AnswerStream
from copilot.api.throttling import CopilotRateThrottle
from copilot.errors import CopilotError, ErrorCode
from copilot.models import Source
from sergas import jsonbody

logger = structlog.get_logger(__name__)


class JSONWhateverTheAccept(DefaultContentNegotiation):
    """The body chooses JSON or a stream (``"stream": true``), not the Accept header: a client
    asking for ``text/event-stream`` still gets its errors as JSON rather than a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CopilotKitView(APIView):
    throttle_classes = [CopilotRateThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONWhateverTheAccept

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
    def post(self, request):
        serializer = CopilotRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        logger.info(
            "copilotkit_request_received",
            user_id=request.user.pk,
            account_id=data.get("account_id"),
            agent=data["agent"],
            messages=len(data["messages"]),
        )
        account = None
        if data.get("account_id"):
            account = visible_account(request.user, data["account_id"])
            if account is None:
                raise CopilotError(
                    ErrorCode.ACCOUNT_NOT_FOUND, f"No account '{data['account_id']}'.", field="account_id"
                )
        analysis = {
            "user": request.user,
            "messages": data["messages"],
            "account": account,
            "agent": data["agent"],
            "thread_key": data.get("thread_id"),
            "source": Source.API,
            "task": data["task"],
        }
        if data["stream"] and settings.ENABLE_GLM_STREAMING:
            return AnswerStream(**analysis)  # opened by the endpoint, on the event loop
        result = analysis_run(**analysis)
        return Response(CopilotResponse({"data": {"generateCopilotResponse": result}}).data)

    def handle_exception(self, exc):
        return copilot_exception_response(exc)


_seed_view = CopilotKitView.as_view()


def _single_route_body(request) -> dict | None:
    if request.method != "POST" or request.content_type != "application/json":
        return None
    try:
        body = jsonbody.json_object(request)
    except jsonbody.BodyError:
        return None  # the seed's view reads it again and answers with the same problem
    return body if "method" in body else None


@csrf_exempt
async def copilotkit_endpoint(request):
    """One URL, two protocols, told apart by the ``method`` key."""
    body = _single_route_body(request)
    if body is not None:
        return await agui.single_route(request, body)
    response = await sync_to_async(_seed_view)(request)
    if isinstance(response, AnswerStream):
        return await response.open()
    return response


# The OpenAPI schema documents this URL as the seed's view (drf-spectacular reads ``cls``).
copilotkit_endpoint.cls = CopilotKitView
copilotkit_endpoint.initkwargs = {}
