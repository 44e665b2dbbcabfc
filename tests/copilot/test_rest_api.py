"""REST resources for a frontend: accounts with health, history, one analysis, usage summaries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import AccountFactory, ActivityFactory, TokenUsageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(user):
    healthy = AccountFactory(external_id="ACC-1", owner=user, status="active")
    ActivityFactory(account=healthy)
    at_risk = AccountFactory(external_id="ACC-2", owner=user, status="at_risk")  # no activity: inactive too
    theirs = AccountFactory(external_id="ACC-3", owner=UserFactory(username="someone-else"))
    return healthy, at_risk, theirs


def external_ids(response):
    return [row["external_id"] for row in response.json()["results"]]


def test_accounts_list_shows_own_accounts_with_health(api, portfolio):
    response = api.get("/api/accounts/")
    assert response.status_code == 200
    assert external_ids(response) == ["ACC-1", "ACC-2"]
    first = response.json()["results"][0]
    assert first["health"]["band"] == "healthy" and first["health"]["score"] == 100


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=at_risk", ["ACC-2"]),
        ("health_band=healthy", ["ACC-1"]),
        ("health_band=at_risk", ["ACC-2"]),
        ("owner=someone-else", []),
    ],
)
def test_accounts_list_filters(api, portfolio, query, expected):
    assert external_ids(api.get(f"/api/accounts/?{query}")) == expected


def test_staff_see_every_account_and_can_filter_by_owner(staff_api, portfolio):
    assert external_ids(staff_api.get("/api/accounts/?owner=someone-else")) == ["ACC-3"]


def test_an_unknown_filter_value_is_400_naming_the_field(api, portfolio):
    response = api.get("/api/accounts/?health_band=purple")
    assert response.status_code == 400
    assert "health_band" in response.json()


def test_account_detail_has_health_signals(api, portfolio):
    body = api.get("/api/accounts/ACC-2/").json()
    assert {signal["code"] for signal in body["health"]["signals"]} == {"inactivity", "at_risk_status"}
    assert api.get("/api/accounts/ACC-3/").status_code == 404


def test_history_and_one_analysis_with_usage_and_cost(api, user, portfolio):
    healthy = portfolio[0]
    usage = TokenUsageFactory(
        analysis_request__account=healthy,
        analysis_request__user=user,
        input_tokens=1000,
        output_tokens=1000,
        cost_usd=Decimal("0.0028"),
    )
    history = api.get("/api/accounts/ACC-1/analyses/").json()
    assert [row["id"] for row in history["results"]] == [usage.analysis_request_id]
    detail = api.get(f"/api/analyses/{usage.analysis_request_id}/").json()
    assert detail["response"] == "The account is healthy."
    assert detail["usage"]["cost_usd"] == "0.002800" and detail["usage"]["priced"] is True


def test_another_users_analysis_is_not_visible(api, portfolio):
    usage = TokenUsageFactory(analysis_request__account=portfolio[2])
    assert api.get(f"/api/analyses/{usage.analysis_request_id}/").status_code == 404


def test_usage_summary_groups_and_sums_exactly(staff_api):
    now = timezone.now()
    TokenUsageFactory(model="glm-4.6", input_tokens=10, output_tokens=1, cost_usd=Decimal("0.1"), created_at=now)
    TokenUsageFactory(model="glm-4.6", input_tokens=20, output_tokens=2, cost_usd=Decimal("0.2"), created_at=now)
    TokenUsageFactory(model="mystery", input_tokens=5, output_tokens=5, cost_usd=None, created_at=now)
    TokenUsageFactory(model="glm-4.6", input_tokens=99, cost_usd=Decimal("9"), created_at=now - dt.timedelta(days=40))

    body = staff_api.get("/api/usage/summary/?group_by=model").json()

    rows = {row["key"]: row for row in body["rows"]}
    assert rows["glm-4.6"]["requests"] == 2
    assert rows["glm-4.6"]["input_tokens"] == 30
    assert rows["glm-4.6"]["cost_usd"] == "0.300000"
    assert rows["mystery"]["cost_usd"] is None and rows["mystery"]["unpriced_requests"] == 1


@pytest.mark.parametrize("group_by", ["day", "model", "account", "user"])
def test_usage_summary_accepts_every_grouping(staff_api, group_by):
    TokenUsageFactory()
    body = staff_api.get(f"/api/usage/summary/?group_by={group_by}").json()
    assert body["groupBy"] == group_by and sum(row["requests"] for row in body["rows"]) == 1


def test_usage_summary_rejects_a_reversed_period(staff_api):
    response = staff_api.get("/api/usage/summary/?start=2026-02-01&end=2026-01-01")
    assert response.status_code == 400 and "start" in response.json()


def test_every_api_but_health_needs_authentication(client):
    for path in ("/api/accounts/", "/api/accounts/ACC-1/", "/api/analyses/1/", "/api/usage/summary/"):
        assert client.get(path).status_code == 401, path


def test_openapi_schema_and_docs_need_a_login_or_a_token(api, client, staff_user):
    assert client.get("/api/schema/").status_code == 401
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/?next=/api/docs/")
    schema = api.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/usage/summary/" in schema.content
    assert b"/api/schema/" not in schema.content
    client.force_login(staff_user)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    assert client.get("/api/schema/").status_code == 200
