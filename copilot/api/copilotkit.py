"""``POST /copilotkit``: the seed's generateCopilotResponse, answered by the model."""

from __future__ import annotations

import structlog
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import visible_account
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
        if isinstance(request.data, dict) and "method" in request.data:
            raise CopilotError(
                ErrorCode.VALIDATION_ERROR,
                "The AG-UI single-route form ('method' requests) is not available on this server yet.",
                field="method",
            )
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
