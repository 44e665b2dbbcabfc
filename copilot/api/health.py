"""``GET /copilotkit/health`` (no authentication) and ``GET /metrics`` (staff)."""

from __future__ import annotations

import structlog
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from copilot import gateway
from copilot.api.serializers import ServiceHealth

logger = structlog.get_logger(__name__)


class HealthView(APIView):
    """503 only when the database is down."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ServiceHealth, 503: ServiceHealth}, summary="Service health")
    def get(self, request):
        config = gateway.LLMConfig.from_settings()
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
            "timestamp": timezone.now(),
            "checks": {"database": database, "llm": "configured" if config.configured else "not_configured"},
        }
        return Response(ServiceHealth(body).data, status=503 if database != "ok" else 200)


class MetricsView(APIView):
    """Prometheus text for staff (scrape with a staff user's token)."""

    permission_classes = [IsAdminUser]

    @extend_schema(exclude=True)
    def get(self, request):
        if not settings.ENABLE_GLM_METRICS:
            raise Http404
        return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)
