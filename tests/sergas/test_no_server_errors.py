"""Whatever a client sends, our own code answers 4xx, never 5xx: dates beyond what Python or the
database can compute with are a 400 naming the field, a credential that cannot be read a 401, and
HEAD / OPTIONS on any route a clean answer."""

import logging

import pytest

from tests.copilot.conftest import token_client
from tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db

USAGE = "/api/usage/summary/"
COSTS = "/admin/copilot/analysisrequest/costs/"
ERRORS = "/admin/copilot/analysisrequest/errors/"


@pytest.fixture
def staff_api(staff_user):
    return token_client(staff_user)


@pytest.fixture
def no_server_errors(caplog):
    """No request under test may log an error (Django logs a 5xx with its traceback)."""
    caplog.set_level(logging.ERROR)
    yield
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("end=0001-01-01", "end"),
        ("start=0001-01-01&end=0001-01-05", "start"),
        ("start=9999-12-31&end=9999-12-31", "start"),
        ("end=9999-12-31", "end"),
        ("start=1899-12-31", "start"),
        ("start=99999-01-01", "start"),
        ("start=2026-02-01&end=2026-01-01", "start"),
        ("start=2024-01-01&end=2025-06-01", "start"),
    ],
)
def test_a_usage_period_the_server_cannot_compute_is_a_400_naming_the_field(staff_api, no_server_errors, query, field):
    response = staff_api.get(f"{USAGE}?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_the_widest_usage_period_allowed_is_answered(staff_api, no_server_errors):
    for query in ("start=1900-01-01&end=1900-12-31", "start=9998-01-01&end=9998-12-31", "end=1900-01-10"):
        response = staff_api.get(f"{USAGE}?{query}")
        assert response.status_code == 200, query
        assert response.json()["rows"] == []


@pytest.mark.parametrize("url", [COSTS, ERRORS])
@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("9999-12-31", "9999-12-31", "start"),
        ("0001-01-01", "0001-01-01", "start"),
        ("2026-01-01", "9999-12-31", "end"),
        ("2026-11-10", "2026-11-01", "start"),
    ],
)
def test_a_dashboard_period_the_server_cannot_compute_is_a_400_naming_the_field(
    client, staff_user, no_server_errors, url, start, end, field
):
    client.force_login(staff_user)
    response = client.get(url, {"period": "custom", "start": start, "end": end})
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_an_activity_time_the_server_cannot_store_is_a_400_naming_the_field(no_server_errors):
    owner = UserFactory()
    AccountFactory(external_id="ACC-1", owner=owner)
    api = token_client(owner)
    for when in ("0001-01-01T00:00:00+01:00", "1899-12-31T23:00:00Z"):
        response = api.post(
            "/api/accounts/ACC-1/activities/", {"kind": "call", "subject": "x", "occurred_at": when}, format="json"
        )
        assert response.status_code == 400, when
        assert list(response.json()) == ["occurred_at"]


@pytest.mark.parametrize("path", ["/metrics", USAGE, "/api/accounts/", "/api/threads/"])
@pytest.mark.parametrize(
    "header",
    [
        "Bearer café".encode().decode("latin-1"),  # UTF-8 bytes, as a server reads a header
        "Bearer caf\xe9",  # a byte that is not UTF-8
        "Token café".encode().decode("latin-1"),
        "Bearer two words",
        "Bearer",
        "Token not-a-token",
        "Bearer not-a-token",
    ],
)
@pytest.mark.parametrize("metrics_token", ["", "the-scrapers-token"])
def test_an_unreadable_or_wrong_credential_is_a_401(client, settings, no_server_errors, path, header, metrics_token):
    settings.METRICS_TOKEN = metrics_token
    response = client.get(path, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_the_metrics_token_still_opens_metrics(client, settings):
    settings.METRICS_TOKEN = "the-scrapers-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer the-scrapers-token").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/schema/",
        "/api/docs/",
        USAGE,
        "/api/accounts/",
        "/api/threads/",
        "/metrics",
        "/copilotkit/health",
        "/admin/",
    ],
)
@pytest.mark.parametrize("method", ["head", "options"])
@pytest.mark.parametrize("logged_in", [False, True])
def test_head_and_options_never_answer_5xx(client, staff_user, no_server_errors, path, method, logged_in):
    if logged_in:
        client.force_login(staff_user)
    response = getattr(client, method)(path)
    assert response.status_code < 500


@pytest.mark.parametrize("path", ["/admin/copilot/tokenusage/", "/admin/accounts/deal/", "/admin/accounts/activity/"])
@pytest.mark.parametrize(
    "drill_down",
    ["year=9999&{f}__month=12&{f}__day=31", "year=9999", "year=0&{f}__month=13", "year=99999999999999999999"],
)
def test_an_admin_date_drill_down_past_the_calendar_is_the_list_not_a_500(client, no_server_errors, path, drill_down):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    field = {"tokenusage": "created_at", "deal": "stage_changed_at", "activity": "occurred_at"}[path.split("/")[3]]
    response = client.get(f"{path}?{field}__" + drill_down.format(f=field))
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
