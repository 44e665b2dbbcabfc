"""``GET /copilotkit/health`` (no authentication) and ``GET /metrics`` (staff, or the METRICS_TOKEN bearer)."""

from __future__ import annotations

import structlog
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from prometheus_client import CONTENT_TYPE_LATEST
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.selectors import sees_everything
from copilot import gateway
from copilot.api.serializers import ServiceHealth
from copilot.gateway import keys, routing
from copilot.ledger.selectors import USAGE_PERMISSIONS
from sergas.authentication import METRICS_SCRAPER, MetricsTokenAuthentication
from sergas.metrics import exposition

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
            config = routing.route_for().config  # what answers a call that names no task
        except Exception:
            logger.exception("health_database_unreachable")
            database = "unreachable"
        # A key the environment does not let go to the provider's origin is as good as none.
        llm_ready = config.configured and keys.may_send(config.key_env, config.base_url)
        status = "unhealthy" if database != "ok" else ("healthy" if llm_ready else "degraded")
        body = {
            "status": status,
            "service": "copilotkit-real-agents",
            "model": config.model,
            "provider": config.provider,
            "timestamp": timezone.now(),
            "checks": {"database": database, "llm": "configured" if llm_ready else "not_configured"},
        }
        return Response(ServiceHealth(body).data, status=503 if database != "ok" else 200)


class IsStaffOrMetricsScraper(BasePermission):
    """The scraper, or staff who may see everyone's usage (the cost dashboard's permissions)."""

    def has_permission(self, request, view):
        return request.auth == METRICS_SCRAPER or sees_everything(request.user, *USAGE_PERMISSIONS)


class MetricsView(APIView):
    """Prometheus text, summed over every server process; for staff or the METRICS_TOKEN bearer."""

    authentication_classes = [MetricsTokenAuthentication, *api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    permission_classes = [IsStaffOrMetricsScraper]

    @extend_schema(exclude=True)
    def get(self, request):
        if not settings.ENABLE_GLM_METRICS:
            raise Http404
        return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
