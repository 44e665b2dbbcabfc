import pytest
from django.db.utils import OperationalError

from tests.copilot.conftest import token_client

pytestmark = pytest.mark.django_db


def test_health_needs_no_authentication_and_reports_the_provider(client, provider):
    response = client.get("/copilotkit/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    assert body["service"] == "copilotkit-real-agents"
    assert (body["model"], body["provider"]) == ("glm-4.6", "z.ai")
    assert body["checks"] == {"database": "ok", "llm": "configured"}
    assert body["timestamp"]


def test_health_is_degraded_without_a_key(client, settings):
    settings.ANTHROPIC_BASE_URL = "https://api.z.ai/api/anthropic"
    settings.LLM_PROVIDER_NAME = "z.ai"
    response = client.get("/copilotkit/health")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["llm"] == "not_configured"


def test_health_is_503_when_the_database_is_unreachable(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("copilot.api.health.connection", BrokenConnection())
    response = client.get("/copilotkit/health")
    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert response.json()["checks"]["database"] == "unreachable"


def test_metrics_count_calls_tokens_and_cost_for_staff(api, staff_user, provider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # a call is counted once it is committed
        api.post("/copilotkit", {"messages": [{"role": "user", "content": "hi"}]}, format="json")
    response = token_client(staff_user, "Bearer").get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    for name in (
        "glm_requests_total",
        "glm_latency_seconds",
        "glm_errors_total",
        "glm_tokens_total",
        "glm_cost_usd_total",
    ):
        assert name in text
    assert 'glm_requests_total{model="glm-4.6",provider="z.ai",source="api",status="succeeded"}' in text


def test_metrics_are_refused_to_anonymous_and_non_staff_users(client, api):
    assert client.get("/metrics").status_code == 401
    assert api.get("/metrics").status_code == 403


def test_metrics_can_be_switched_off(staff_api, settings):
    settings.ENABLE_GLM_METRICS = False
    assert staff_api.get("/metrics").status_code == 404


def test_a_scraper_reads_metrics_with_the_metrics_token_and_nothing_else(client, settings):
    settings.METRICS_TOKEN = "scrape-" + "x" * 24

    assert client.get("/metrics", headers={"Authorization": f"Bearer {settings.METRICS_TOKEN}"}).status_code == 200
    assert client.get("/metrics", headers={"Authorization": "Bearer scrape-wrong"}).status_code == 401
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 401


def test_http_requests_are_counted_by_route_pattern_and_status(client, staff_api):
    client.get("/copilotkit/health")
    client.get("/api/accounts/ACC-404/")
    client.get("/no/such/page/")

    text = staff_api.get("/metrics").content.decode()

    assert 'http_requests_total{method="GET",route="copilotkit/health",status="200"}' in text
    assert 'http_requests_total{method="GET",route="api/accounts/<str:external_id>/",status="401"}' in text
    assert 'http_requests_total{method="GET",route="unmatched",status="404"}' in text
    assert 'http_request_duration_seconds_count{method="GET",route="copilotkit/health"}' in text
