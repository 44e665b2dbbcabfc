"""HTTP views for the copilot: validate, call a selector or service, render."""

from __future__ import annotations

import datetime as dt

import structlog
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import visible_account
from copilot import llm, selectors, services
from copilot.api import schemas
from copilot.api.errors import copilot_exception_response
from copilot.api.serializers import CopilotRequestSerializer
from copilot.api.throttling import CopilotRateThrottle
from copilot.errors import CopilotError, ErrorCode
from copilot.models import Source
from copilot.pricing import format_usd

logger = structlog.get_logger(__name__)


class CopilotKitView(APIView):
    """``POST /copilotkit``: the seed's generateCopilotResponse, answered by the model."""

    throttle_classes = [CopilotRateThrottle]

    @extend_schema(
        request=CopilotRequestSerializer,
        responses={200: schemas.CopilotResponse},
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
        result = services.analysis_run(
            user=request.user,
            messages=data["messages"],
            account=account,
            agent=data["agent"],
            thread_key=data.get("thread_id"),
            source=Source.API,
        )
        return Response({"data": {"generateCopilotResponse": render_result(result)}})

    def handle_exception(self, exc):
        return copilot_exception_response(exc)


def render_result(result: services.AnalysisResult) -> dict:
    record, usage = result.record, result.usage
    return {
        "response": record.response,
        "threadId": result.thread.key if result.thread else None,
        "timestamp": record.finished_at.isoformat(),
        "model": record.model,
        "agent": f"real_{record.agent}",
        "requestId": str(record.pk),
        "accountId": record.account.external_id if record.account else None,
        "usage": {
            "inputTokens": usage.input_tokens,
            "outputTokens": usage.output_tokens,
            "cacheReadTokens": usage.cache_read_tokens,
            "cacheCreationTokens": usage.cache_creation_tokens,
        },
        "costUsd": format_usd(usage.cost_usd),
    }


class HealthView(APIView):
    """``GET /copilotkit/health``: no authentication; 503 only when the database is down."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: schemas.ServiceHealth, 503: schemas.ServiceHealth}, summary="Service health")
    def get(self, request):
        config = llm.LLMConfig.from_settings()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            database = "ok"
        except Exception:
            logger.exception("health_database_unreachable")
            database = "unreachable"
        status = "unhealthy" if database != "ok" else ("healthy" if config.configured else "degraded")
        body = {
            "status": status,
            "service": "copilotkit-real-agents",
            "model": config.model,
            "provider": config.provider,
            "timestamp": timezone.now().isoformat(),
            "checks": {"database": database, "llm": "configured" if config.configured else "not_configured"},
        }
        return Response(body, status=503 if database != "ok" else 200)


class MetricsView(APIView):
    """``GET /metrics``: Prometheus text for staff (scrape with a staff user's token)."""

    permission_classes = [IsAdminUser]

    @extend_schema(exclude=True)
    def get(self, request):
        if not settings.ENABLE_GLM_METRICS:
            raise Http404
        return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)


class AnalysisDetailView(APIView):
    @extend_schema(responses=schemas.AnalysisSerializer, summary="One analysis with its usage and cost")
    def get(self, request, pk: int):
        analysis = get_object_or_404(selectors.visible_analyses(request.user), pk=pk)
        return Response(schemas.AnalysisSerializer(analysis).data)


class UsageSummaryQuery(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    group_by = serializers.ChoiceField(choices=list(selectors.GROUPINGS), default="day")

    def validate(self, attrs):
        today = timezone.localdate()
        attrs.setdefault("end", today)
        attrs.setdefault("start", attrs["end"] - dt.timedelta(days=29))
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"start": "must not be after end"})
        if (attrs["end"] - attrs["start"]).days > 366:
            raise serializers.ValidationError({"start": "a period may span at most 366 days"})
        return attrs


class UsageSummaryView(APIView):
    @extend_schema(
        parameters=[UsageSummaryQuery],
        responses=schemas.UsageSummary,
        summary="Requests, tokens and cost for a period, grouped by day, model, account or user",
    )
    def get(self, request):
        query = UsageSummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.usage_summary(request.user, **query.validated_data)
        return Response(
            {
                "start": query.validated_data["start"],
                "end": query.validated_data["end"],
                "groupBy": query.validated_data["group_by"],
                "rows": [{**row, "cost_usd": format_usd(row["cost_usd"])} for row in rows],
            }
        )
