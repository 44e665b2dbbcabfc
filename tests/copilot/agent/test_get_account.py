"""get_account: one of the caller's accounts in detail; anyone else's is not found."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.history.services import snapshot_accounts
from accounts.models import Account
from tests.copilot.agent.conftest import call, stored
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_the_account_with_health_details_open_deals_and_latest_activities(manager, book):
    account = book["stalled"]
    for day in range(12):
        ActivityFactory(account=account, subject=f"Note {day}", occurred_at=timezone.now() - dt.timedelta(days=day + 1))

    answer, is_error = call(manager, "get_account", account_id="ACC-3")

    assert not is_error
    health = stored(account)
    assert (answer["id"], answer["name"], answer["status"], answer["owner"]) == (
        "ACC-3",
        "Initech",
        "at_risk",
        "morgan",
    )
    assert answer["health"] == {"score": health.score, "band": health.band, "signals": health.details}
    assert all(signal["detail"] for signal in answer["health"]["signals"])
    assert answer["open_deals"] == [
        {"name": "Renewal", "stage": "proposal", "amount": 90000.0, "days_in_stage": 80, "close_date": None}
    ]
    assert [activity["subject"] for activity in answer["latest_activities"]] == [f"Note {day}" for day in range(10)]
    assert answer["open_pipeline"] == 90000.0
    assert answer["trend"] == {"score_week_ago": None, "score_month_ago": None, "changes_last_30_days": []}


def test_the_trend_when_history_exists(manager, book):
    snapshot_accounts(Account.objects.filter(pk=book["stalled"].pk), now=timezone.now() - dt.timedelta(days=8))
    snapshot_accounts(Account.objects.filter(pk=book["stalled"].pk))

    answer, _ = call(manager, "get_account", account_id="ACC-3")

    assert answer["trend"]["score_week_ago"] == stored(book["stalled"]).score
    assert answer["trend"]["score_month_ago"] is None


@pytest.mark.parametrize("account_id", ["ACC-9", "ACC-404"])
def test_another_managers_account_is_not_found_like_a_missing_one(manager, book, account_id):
    answer, is_error = call(manager, "get_account", account_id=account_id)

    assert is_error and answer == {"error": f"account_id: No account '{account_id}' found."}
    assert "Secret" not in str(answer)


@pytest.mark.parametrize(
    ("arguments", "named"),
    [({}, "account_id"), ({"account_id": ""}, "account_id"), ({"account_id": 7}, "account_id"), ({"id": "x"}, "")],
)
def test_bad_arguments_are_errors_naming_them(manager, book, arguments, named):
    answer, is_error = call(manager, "get_account", **arguments)

    assert is_error and answer["error"].startswith(named) and "account_id" in answer["error"]
