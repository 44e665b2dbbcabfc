"""The API shows a staff member what the admin shows them: every account, call and usage only with
the matching view permissions (or as a superuser); without them, what an account manager sees —
their own. The copilot's runs resolve accounts by the same rule."""

import pytest
from django.contrib.auth.models import Permission

from tests.copilot.conftest import token_client
from tests.factories import AccountFactory, TokenUsageFactory, UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT = "accounts.view_account"
ANALYSIS = "copilot.view_analysisrequest"
USAGE = "copilot.view_tokenusage"


def staff_with(*permissions: str, **fields):
    user = UserFactory(is_staff=True, **fields)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.fixture
def record():
    """Two managers, an account each and a call each about it."""
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    ours = AccountFactory(external_id="ACC-1", owner=alice)
    theirs = AccountFactory(external_id="ACC-2", owner=bob)
    return {
        "alice": TokenUsageFactory(analysis_request__account=ours, analysis_request__user=alice).analysis_request,
        "bob": TokenUsageFactory(analysis_request__account=theirs, analysis_request__user=bob).analysis_request,
    }


def accounts_seen(api) -> list[str]:
    return [row["external_id"] for row in api.get("/api/accounts/").json()["results"]]


def analyses_seen(api, record) -> list[str]:
    return [name for name, call in record.items() if api.get(f"/api/analyses/{call.pk}/").status_code == 200]


def requests_counted(api) -> int:
    return sum(row["requests"] for row in api.get("/api/usage/summary/?group_by=user").json()["rows"])


@pytest.mark.parametrize(
    ("permissions", "fields", "accounts", "analyses", "requests"),
    [
        ((), {}, [], [], 0),
        ((ACCOUNT,), {}, ["ACC-1", "ACC-2"], [], 0),
        ((ANALYSIS,), {}, [], ["alice", "bob"], 0),
        ((USAGE,), {}, [], [], 0),
        ((ANALYSIS, USAGE), {}, [], ["alice", "bob"], 2),
        ((ACCOUNT, ANALYSIS, USAGE), {}, ["ACC-1", "ACC-2"], ["alice", "bob"], 2),
        ((), {"is_superuser": True}, ["ACC-1", "ACC-2"], ["alice", "bob"], 2),
        ((ACCOUNT, ANALYSIS, USAGE), {"is_active": False}, None, None, None),
    ],
    ids=["no permission", "accounts", "analyses", "usage only", "usage", "all three", "superuser", "inactive"],
)
def test_staff_see_everyone_s_rows_only_with_the_admin_s_view_permissions(
    record, permissions, fields, accounts, analyses, requests
):
    api = token_client(staff_with(*permissions, **fields))
    if fields.get("is_active") is False:
        assert api.get("/api/accounts/").status_code == 401  # an inactive user's token is refused
        return
    assert accounts_seen(api) == accounts
    assert analyses_seen(api, record) == analyses
    assert requests_counted(api) == requests


def test_staff_without_permissions_see_exactly_what_a_manager_sees(record):
    """A staff member who owns an account sees it and its calls, like its manager; nothing else."""
    staff = staff_with()
    AccountFactory(external_id="ACC-3", owner=staff)
    call = TokenUsageFactory(analysis_request__account__external_id="ACC-3", analysis_request__user=staff)
    api = token_client(staff)

    assert accounts_seen(api) == ["ACC-3"]
    assert analyses_seen(api, record) == []
    assert api.get(f"/api/analyses/{call.analysis_request.pk}/").status_code == 200
    assert api.get("/api/accounts/ACC-2/").status_code == 404
    assert api.get("/api/accounts/ACC-2/analyses/").status_code == 404
    assert requests_counted(api) == 1


def test_a_manager_sees_their_own_accounts_and_calls(record):
    api = token_client(record["alice"].user)
    assert accounts_seen(api) == ["ACC-1"]
    assert analyses_seen(api, record) == ["alice"]
    assert requests_counted(api) == 1


@pytest.mark.parametrize(
    ("permissions", "status", "code"),
    [((), 404, "ACCOUNT_NOT_FOUND"), ((ACCOUNT,), 503, "LLM_NOT_CONFIGURED")],
    ids=["not visible", "visible"],
)
def test_the_copilot_finds_an_account_by_the_same_rule(record, permissions, status, code):
    api = token_client(staff_with(*permissions))
    body = {"account_id": "ACC-2", "messages": [{"role": "user", "content": "Risks?"}]}
    response = api.post("/copilotkit", body, format="json")
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code


@pytest.mark.parametrize(
    ("permissions", "status"),
    [((), 403), ((ACCOUNT,), 403), ((ANALYSIS, USAGE), 200)],
    ids=["none", "accounts", "usage"],
)
def test_metrics_need_the_cost_dashboard_s_permissions(permissions, status):
    assert token_client(staff_with(*permissions)).get("/metrics").status_code == status
