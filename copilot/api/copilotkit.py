"""``POST /copilotkit``: the seed's generateCopilotResponse, answered by the model; a body with a
``method`` key is AG-UI's single-route form instead, answered by the AG-UI runtime."""

from __future__ import annotations

import json

import structlog
from asgiref.sync import sync_to_async
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import visible_account
from copilot.agui import views as agui
from copilot.analysis.service import analysis_run
from copilot.api.errors import copilot_exception_response
from copilot.api.serializers import CopilotRequestSerializer, CopilotResponse
from copilot.api.throttling import CopilotRateThrottle
from copilot.errors import CopilotError, ErrorCode
from copilot.models import Source

logger = structlog.get_logger(__name__)


class CopilotKitView(APIView):
    throttle_classes = [CopilotRateThrottle]

    @extend_schema(
        request=CopilotRequestSerializer,
        responses={200: CopilotResponse},
        summary="Ask the copilot about an account",
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
        result = analysis_run(
            user=request.user,
            messages=data["messages"],
            account=account,
            agent=data["agent"],
            thread_key=data.get("thread_id"),
            source=Source.API,
        )
        return Response(CopilotResponse({"data": {"generateCopilotResponse": result}}).data)

    def handle_exception(self, exc):
        return copilot_exception_response(exc)


_seed_view = CopilotKitView.as_view()


def _single_route_body(request) -> dict | None:
    if request.method != "POST" or request.content_type != "application/json":
        return None
    try:
        body = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None  # the seed's view answers it with its VALIDATION_ERROR
    return body if isinstance(body, dict) and "method" in body else None


@csrf_exempt
async def copilotkit_endpoint(request):
    """One URL, two protocols, told apart by the ``method`` key."""
    body = _single_route_body(request)
    if body is not None:
        return await agui.single_route(request, body)
    return await sync_to_async(_seed_view)(request)


# The OpenAPI schema documents this URL as the seed's view (drf-spectacular reads ``cls``).
copilotkit_endpoint.cls = CopilotKitView
copilotkit_endpoint.initkwargs = {}
