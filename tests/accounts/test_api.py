"""The accounts API the managers' app reads and writes: search, worst health first, an account's
facts, and logging an activity on an account one owns."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Account, Activity
from tests.copilot.conftest import token_client
from tests.factories import AccountFactory, ActivityFactory, DealFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG = "/api/accounts/{}/activities/"


@pytest.fixture
def manager():
    return UserFactory(username="morgan")


@pytest.fixture
def api(manager) -> APIClient:
    return token_client(manager)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [account["external_id"] for account in response.json()["results"]]


def test_search_matches_part_of_the_name_or_the_id(api, manager):
    AccountFactory(external_id="ACC-1", name="Globex Corporation", owner=manager)
    AccountFactory(external_id="ACC-2", name="Initech", owner=manager)
    AccountFactory(external_id="GLO-3", name="Umbrella", owner=manager)

    assert ids(api.get("/api/accounts/?search=glo")) == ["ACC-1", "GLO-3"]
    assert ids(api.get("/api/accounts/?search=ACC-2")) == ["ACC-2"]


def test_health_ordering_puts_the_worst_account_first(api, manager):
    AccountFactory(external_id="ACC-1", owner=manager)
    AccountFactory(external_id="ACC-2", owner=manager, status=Account.Status.AT_RISK)
    AccountFactory(external_id="ACC-3", owner=manager, status=Account.Status.CHURNED)

    results = api.get("/api/accounts/?ordering=health").json()["results"]

    scores = [account["health"]["score"] for account in results]
    assert scores == sorted(scores) and results[0]["external_id"] != "ACC-1"


def test_an_accounts_page_has_its_open_deals_and_recent_activities(api, manager):
    account = AccountFactory(external_id="ACC-1", owner=manager)
    DealFactory(account=account, name="Renewal 2027")
    DealFactory(account=account, name="Lost one", stage="closed_lost")
    ActivityFactory(account=account, subject="QBR", occurred_at=timezone.now() - dt.timedelta(days=2))

    body = api.get("/api/accounts/ACC-1/").json()

    assert [deal["name"] for deal in body["open_deals"]] == ["Renewal 2027"]
    assert [activity["subject"] for activity in body["recent_activities"]] == ["QBR"]
    assert body["health"]["signals"] is not None


def test_logging_a_follow_up_writes_one_activity_and_answers_with_the_new_health(api, manager):
    account = AccountFactory(external_id="ACC-1", owner=manager)
    before = api.get("/api/accounts/ACC-1/").json()["health"]
    assert "inactivity" in {signal["code"] for signal in before["signals"]}

    response = api.post(LOG.format("ACC-1"), {"kind": "call", "subject": "Call the sponsor"}, format="json")

    assert response.status_code == 201
    activity = Activity.objects.get()
    assert (activity.account, activity.kind, activity.subject) == (account, "call", "Call the sponsor")
    assert response.json()["activity"]["id"] == activity.pk
    assert "inactivity" not in {signal["code"] for signal in response.json()["health"]["signals"]}
    assert response.json()["health"]["score"] > before["score"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"subject": "No kind"}, "kind"),
        ({"kind": "telepathy", "subject": "Odd"}, "kind"),
        ({"kind": "call"}, "subject"),
        ({"kind": "call", "subject": ""}, "subject"),
        ({"kind": "call", "subject": "x" * 301}, "subject"),
        ({"kind": "call", "subject": "Later", "occurred_at": "2999-01-01T00:00:00Z"}, "occurred_at"),
        ({"kind": "call", "subject": "When?", "occurred_at": "yesterday"}, "occurred_at"),
    ],
)
def test_a_bad_activity_is_a_400_naming_the_field_and_writes_nothing(api, manager, body, field):
    AccountFactory(external_id="ACC-1", owner=manager)

    response = api.post(LOG.format("ACC-1"), body, format="json")

    assert response.status_code == 400 and field in response.json()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "words"),
    [
        (b'{"subject": "' + b"a" * (3 * 1024 * 1024) + b'"}', "application/json", 413, "larger than the limit"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "application/json", 400, "nested"),
        (b'{"kind": "call", "subject": "\xff"}', "application/json", 400, "not UTF-8"),
        (b'{"kind": "call", "subject": "a\\u0000b"}', "application/json", 400, "NUL"),
        (b"kind=call&subject=Hi", "application/x-www-form-urlencoded", 415, "Unsupported media type"),
    ],
    ids=["oversized", "too deep", "not UTF-8", "a NUL", "a form"],
)
def test_an_unreadable_body_is_a_4xx_naming_the_problem_and_writes_nothing(
    api, manager, raw, content_type, status, words
):
    AccountFactory(external_id="ACC-1", owner=manager)

    response = api.generic("POST", LOG.format("ACC-1"), raw, content_type=content_type)

    assert response.status_code == status
    assert words in response.json()["detail"]
    assert not Activity.objects.exists()


def test_only_the_owner_may_log_an_activity(api):
    AccountFactory(external_id="ACC-9", owner=UserFactory(username="riley"))
    staff = token_client(StaffUserFactory())
    body = {"kind": "call", "subject": "Not mine"}

    assert api.post(LOG.format("ACC-9"), body, format="json").status_code == 404
    assert staff.post(LOG.format("ACC-9"), body, format="json").status_code == 403
    assert APIClient().post(LOG.format("ACC-9"), body, format="json").status_code == 401
    assert not Activity.objects.exists()
