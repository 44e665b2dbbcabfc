"""GET /api/accounts/<id>/health/ and GET /api/accounts/changes/: the daily series, what appeared
and cleared, and which of the caller's accounts changed since a day."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.history.services import signal_mask
from accounts.models import AccountHealth, HealthSnapshot
from tests.copilot.conftest import token_client
from tests.factories import AccountFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def day(back: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=back)


def history(account, rows: dict[int, tuple[int, str, list[str]]]) -> None:
    """Replace the account's snapshots: days back -> (score, band, signals)."""
    HealthSnapshot.objects.filter(account=account).delete()
    HealthSnapshot.objects.bulk_create(
        HealthSnapshot(
            account=account, day=day(back), score=score, band=band, signals=signals, signal_mask=signal_mask(signals)
        )
        for back, (score, band, signals) in rows.items()
    )


def now_stored(account, score: int, band: str, signals: list[str]) -> None:
    AccountHealth.objects.filter(pk=account.pk).update(
        score=score, band=band, signals=signals, signal_mask=signal_mask(signals)
    )


@pytest.fixture
def account(manager):
    return AccountFactory(external_id="ACC-1", owner=manager)


def test_the_series_is_oldest_first_and_a_signal_that_appears_then_clears_is_both_changes(api, account):
    history(
        account,
        {
            3: (100, "healthy", []),
            2: (70, "healthy", ["inactivity"]),
            1: (35, "at_risk", ["inactivity", "at_risk_status"]),
            0: (65, "watch", ["at_risk_status"]),
        },
    )

    response = api.get("/api/accounts/ACC-1/health/?days=4")

    assert response.status_code == 200
    body = response.json()
    assert body["series"] == [
        {"day": day(3).isoformat(), "score": 100, "band": "healthy", "signals": []},
        {"day": day(2).isoformat(), "score": 70, "band": "healthy", "signals": ["inactivity"]},
        {"day": day(1).isoformat(), "score": 35, "band": "at_risk", "signals": ["inactivity", "at_risk_status"]},
        {"day": day(0).isoformat(), "score": 65, "band": "watch", "signals": ["at_risk_status"]},
    ]
    assert body["changes"] == [
        {"day": day(2).isoformat(), "signal": "inactivity", "change": "appeared"},
        {"day": day(1).isoformat(), "signal": "at_risk_status", "change": "appeared"},
        {"day": day(0).isoformat(), "signal": "inactivity", "change": "cleared"},
    ]


def test_days_bounds_the_window_and_its_first_day_compares_with_the_day_before_it(api, account):
    history(
        account, {40: (100, "healthy", []), 31: (70, "healthy", ["inactivity"]), 29: (70, "healthy", ["inactivity"])}
    )

    default = api.get("/api/accounts/ACC-1/health/").json()
    two = api.get("/api/accounts/ACC-1/health/?days=2").json()

    assert [point["day"] for point in default["series"]] == [day(29).isoformat()]
    assert default["changes"] == []  # the signal appeared on day 31, before the 30 days shown
    assert two == {"series": [], "changes": []}


def test_a_signal_appearing_on_the_first_day_shown_is_a_change(api, account):
    history(account, {5: (100, "healthy", []), 2: (85, "healthy", ["renewal_near"])})

    body = api.get("/api/accounts/ACC-1/health/?days=3").json()

    assert body["changes"] == [{"day": day(2).isoformat(), "signal": "renewal_near", "change": "appeared"}]


def test_an_account_with_no_history_has_an_empty_series(api, account):
    HealthSnapshot.objects.filter(account=account).delete()

    response = api.get("/api/accounts/ACC-1/health/?days=365")

    assert response.status_code == 200
    assert response.json() == {"series": [], "changes": []}


@pytest.mark.parametrize("days", ["0", "366", "-3", "week", "1e3", "99999999999999999999999"])
def test_a_bad_days_is_a_400_naming_days(api, account, days):
    response = api.get(f"/api/accounts/ACC-1/health/?days={days}")

    assert response.status_code == 400
    assert list(response.json()) == ["days"]


# --- Changes since a day --------------------------------------------------------------------


def test_changes_since_a_day_list_worsened_bands_first_with_what_appeared_and_cleared(api, manager):
    steady, worse, better, signal_only, new = (
        AccountFactory(external_id=f"ACC-{n}", name=f"Account {n}", owner=manager) for n in range(1, 6)
    )
    for account in (steady, worse, better, signal_only):
        history(account, {3: (100, "healthy", []), 2: (100, "healthy", [])})
    history(better, {2: (35, "at_risk", ["inactivity", "at_risk_status"])})
    history(signal_only, {2: (85, "healthy", ["renewal_near"])})
    now_stored(steady, 100, "healthy", [])
    now_stored(worse, 35, "at_risk", ["inactivity", "at_risk_status"])
    now_stored(better, 70, "healthy", ["inactivity"])
    now_stored(signal_only, 85, "healthy", ["engagement_drop"])
    HealthSnapshot.objects.filter(account=new).delete()  # nothing to compare with

    response = api.get(f"/api/accounts/changes/?since={day(2).isoformat()}")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["results"] == [
        {
            "external_id": "ACC-2",
            "name": "Account 2",
            "since": day(2).isoformat(),
            "band_before": "healthy",
            "band_after": "at_risk",
            "score_before": 100,
            "score_after": 35,
            "appeared": ["inactivity", "at_risk_status"],
            "cleared": [],
        },
        {
            "external_id": "ACC-4",
            "name": "Account 4",
            "since": day(2).isoformat(),
            "band_before": "healthy",
            "band_after": "healthy",
            "score_before": 85,
            "score_after": 85,
            "appeared": ["engagement_drop"],
            "cleared": ["renewal_near"],
        },
        {
            "external_id": "ACC-3",
            "name": "Account 3",
            "since": day(2).isoformat(),
            "band_before": "at_risk",
            "band_after": "healthy",
            "score_before": 35,
            "score_after": 70,
            "appeared": [],
            "cleared": ["at_risk_status"],
        },
    ]


def test_changes_default_to_since_yesterday(api, account):
    history(account, {2: (100, "healthy", []), 1: (70, "healthy", ["inactivity"])})
    now_stored(account, 70, "healthy", ["inactivity"])

    # Against yesterday nothing changed; against the day before, inactivity appeared.
    assert api.get("/api/accounts/changes/").json()["count"] == 0
    assert api.get(f"/api/accounts/changes/?since={day(2)}").json()["count"] == 1


def test_a_logged_activity_shows_in_the_changes_at_once(api, account):
    history(account, {1: (70, "healthy", ["inactivity"])})

    api.post("/api/accounts/ACC-1/activities/", {"kind": "call", "subject": "Back in touch"}, format="json")

    [change] = api.get("/api/accounts/changes/").json()["results"]
    assert (change["cleared"], change["score_after"]) == (["inactivity"], 100)


@pytest.mark.parametrize("since", ["yesterday", "2026-02-30", "0001-01-01", "9999-12-31", "20260101"])
def test_a_bad_since_is_a_400_naming_since(api, account, since):
    response = api.get(f"/api/accounts/changes/?since={since}")

    assert response.status_code == 400
    assert list(response.json()) == ["since"]


def test_a_future_since_is_a_400(api, account):
    assert api.get(f"/api/accounts/changes/?since={day(-1)}").status_code == 400


# --- Visibility -----------------------------------------------------------------------------


def test_another_managers_account_is_404_and_absent_from_the_changes(api, manager):
    other = AccountFactory(external_id="ACC-9", owner=UserFactory(username="riley"))
    history(other, {1: (100, "healthy", [])})
    now_stored(other, 35, "at_risk", ["inactivity", "at_risk_status"])

    assert api.get("/api/accounts/ACC-9/health/").status_code == 404
    assert api.get("/api/accounts/ACC-404/health/").status_code == 404
    assert api.get("/api/accounts/changes/").json()["count"] == 0
    # Staff see every account, this one included.
    staff = token_client(StaffUserFactory())
    assert staff.get("/api/accounts/ACC-9/health/").status_code == 200
    assert [row["external_id"] for row in staff.get("/api/accounts/changes/").json()["results"]] == ["ACC-9"]


@pytest.mark.parametrize("path", ["/api/accounts/ACC-1/health/", "/api/accounts/changes/"])
def test_the_new_endpoints_need_authentication(client, account, path):
    assert client.get(path).status_code == 401


def test_the_schema_documents_both_endpoints_with_their_errors(api):
    from rest_framework.test import APIClient

    staff = APIClient()
    staff.force_authenticate(StaffUserFactory())
    schema = staff.get("/api/schema/?format=json").json()
    trend = schema["paths"]["/api/accounts/{external_id}/health/"]["get"]
    changes = schema["paths"]["/api/accounts/changes/"]["get"]

    assert {"200", "400", "401", "404"} <= set(trend["responses"])
    assert {"200", "400", "401"} <= set(changes["responses"])
    assert [p["name"] for p in trend["parameters"] if p["in"] == "query"] == ["days"]
    assert "since" in [p["name"] for p in changes["parameters"]]
