"""The recommendations API: the caller's own (staff by view permission), accept, dismiss with a
reason, done (which logs the activity and refreshes health), transitions checked, another
manager's a 404 on every route, stale proposals expired."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.history.services import health_refresh
from accounts.models import AccountHealth, Activity
from copilot.models import Recommendation
from tests.copilot.conftest import token_client
from tests.factories import AccountFactory, ActivityFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/recommendations/"
ONE = "/api/recommendations/{}/"
ROUTES = [("get", ONE), ("post", ONE + "accept/"), ("post", ONE + "dismiss/"), ("post", ONE + "done/")]


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


@pytest.fixture
def mine(account):
    return RecommendationFactory(account=account, title="Call the CFO")


@pytest.fixture
def theirs(their_account):
    return RecommendationFactory(account=their_account, title="Their secret plan")


def test_a_manager_lists_the_recommendations_of_their_own_accounts_by_due_date(manager, account, theirs):
    today = timezone.localdate()
    RecommendationFactory(account=account, title="Later", due_on=today + dt.timedelta(days=9))
    RecommendationFactory(account=account, title="Sooner", due_on=today + dt.timedelta(days=1))

    assert titles(token_client(manager).get(LIST)) == ["Sooner", "Later"]


def test_the_list_filters_by_account_and_status(manager, account):
    other = AccountFactory(external_id="ACC-2", owner=manager)
    RecommendationFactory(account=account, title="Proposed here")
    RecommendationFactory(account=account, title="Dismissed here", status="dismissed")
    RecommendationFactory(account=other, title="Proposed there")
    api = token_client(manager)

    assert titles(api.get(LIST, {"account": "ACC-1"})) == ["Proposed here", "Dismissed here"]
    assert titles(api.get(LIST, {"account": "ACC-1", "status": "proposed"})) == ["Proposed here"]
    assert titles(api.get(LIST, {"status": "proposed"})) == ["Proposed here", "Proposed there"]
    assert titles(api.get(LIST, {"account": "ACC-9"})) == []  # not theirs: nothing, and no hint why


def test_a_bad_status_filter_is_a_400_naming_it(manager):
    response = token_client(manager).get(LIST, {"status": "maybe"})

    assert response.status_code == 400 and "status" in response.json()


def test_one_recommendation_reads_with_its_provenance(manager, mine):
    body = token_client(manager).get(ONE.format(mine.pk)).json()

    assert body["id"] == mine.pk and body["account"] == "ACC-1" and body["account_name"] == "Acme Rockets"
    shown = (body["title"], body["kind"], body["priority"], body["status"])
    assert shown == ("Call the CFO", "call", "high", "proposed")
    assert body["expires_at"] is not None and body["decided_by"] is None and body["analysis_request"] is None


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_another_managers_recommendation_is_a_404_on_every_route(manager, theirs, method, route):
    response = getattr(token_client(manager), method)(route.format(theirs.pk), {"reason": "x"}, format="json")

    assert response.status_code == 404
    assert "secret" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == "proposed"


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_a_staff_user_without_permissions_is_a_manager_here(plain_staff, mine, method, route):
    assert titles(token_client(plain_staff).get(LIST)) == []
    response = getattr(token_client(plain_staff), method)(route.format(mine.pk), {"reason": "x"}, format="json")

    assert response.status_code == 404


def test_staff_with_the_view_permission_see_every_recommendation_but_decide_none(viewing_staff, mine, theirs):
    api = token_client(viewing_staff)

    assert titles(api.get(LIST)) == ["Call the CFO", "Their secret plan"]
    assert api.get(ONE.format(theirs.pk)).status_code == 200
    assert api.post(ONE.format(mine.pk) + "accept/").status_code == 403
    mine.refresh_from_db()
    assert mine.status == "proposed"


def test_anonymous_callers_are_refused():
    assert APIClient().get(LIST).status_code == 401


def test_accept_records_who_and_when(manager, mine):
    body = token_client(manager).post(ONE.format(mine.pk) + "accept/").json()

    mine.refresh_from_db()
    assert body["status"] == mine.status == "accepted"
    assert body["decided_by"] == "morgan" and mine.decided_by == manager
    assert mine.decided_at is not None and mine.accepted_at == mine.decided_at and body["expires_at"] is None


def test_dismiss_needs_a_reason_and_names_it(manager, mine):
    api = token_client(manager)

    for body in ({}, {"reason": ""}, {"reason": "   "}):
        response = api.post(ONE.format(mine.pk) + "dismiss/", body, format="json")
        assert response.status_code == 400 and "reason" in response.json()
    mine.refresh_from_db()
    assert mine.status == "proposed"


def test_dismiss_keeps_the_reason(manager, mine):
    body = token_client(manager).post(ONE.format(mine.pk) + "dismiss/", {"reason": "Already done"}, format="json")

    assert body.status_code == 200
    mine.refresh_from_db()
    assert (mine.status, mine.dismiss_reason, mine.decided_by) == ("dismissed", "Already done", manager)


def test_done_logs_an_activity_of_its_kind_and_refreshes_the_accounts_health(manager, account):
    ActivityFactory(account=account, occurred_at=timezone.now() - dt.timedelta(days=45))
    health_refresh(account)
    assert "inactivity" in AccountHealth.objects.get(pk=account.pk).signals
    recommendation = RecommendationFactory(account=account, title="Meet the sponsor", kind="meeting")

    response = token_client(manager).post(
        ONE.format(recommendation.pk) + "done/", {"note": "Agreed on a QBR"}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    activity = Activity.objects.get(pk=body["activity"])
    assert (activity.account, activity.kind) == (account, "meeting")
    assert activity.subject == "Meet the sponsor — Agreed on a QBR"
    stored = AccountHealth.objects.get(pk=account.pk)
    assert "inactivity" not in stored.signals
    assert body["health"]["score"] == stored.score and body["status"] == "done"
    recommendation.refresh_from_db()
    assert (recommendation.done_note, recommendation.accepted_at) == ("Agreed on a QBR", recommendation.decided_at)


def test_done_without_a_body_logs_the_title_alone(manager, mine):
    response = token_client(manager).post(ONE.format(mine.pk) + "done/")

    assert response.status_code == 200, response.content
    assert Activity.objects.get(pk=response.json()["activity"]).subject == "Call the CFO"


def test_an_accepted_action_can_be_done_and_keeps_when_it_was_accepted(manager, mine):
    api = token_client(manager)
    api.post(ONE.format(mine.pk) + "accept/")
    accepted_at = Recommendation.objects.get(pk=mine.pk).accepted_at

    assert api.post(ONE.format(mine.pk) + "done/").status_code == 200
    mine.refresh_from_db()
    assert mine.status == "done" and mine.accepted_at == accepted_at


@pytest.mark.parametrize(
    ("status", "route", "allowed"),
    [
        ("proposed", "accept", True),
        ("proposed", "dismiss", True),
        ("proposed", "done", True),
        ("accepted", "accept", False),
        ("accepted", "dismiss", True),
        ("accepted", "done", True),
        ("dismissed", "accept", False),
        ("dismissed", "dismiss", False),
        ("dismissed", "done", False),
        ("done", "accept", False),
        ("done", "dismiss", False),
        ("done", "done", False),
        ("expired", "accept", False),
        ("expired", "dismiss", False),
        ("expired", "done", False),
    ],
)
def test_transitions_are_checked_and_a_refusal_is_a_409_naming_both_states(manager, account, status, route, allowed):
    recommendation = RecommendationFactory(account=account, status=status)
    wanted = {"accept": "accepted", "dismiss": "dismissed", "done": "done"}[route]

    response = token_client(manager).post(ONE.format(recommendation.pk) + f"{route}/", {"reason": "No"}, format="json")

    recommendation.refresh_from_db()
    if allowed:
        assert response.status_code == 200 and recommendation.status == wanted
    else:
        assert response.status_code == 409
        body = response.json()
        assert (body["status"], body["requested"]) == (status, wanted)
        assert status in body["detail"] and wanted in body["detail"]
        assert recommendation.status == status
        assert not Activity.objects.filter(account=account).exists()


def test_a_proposal_nobody_acted_on_reads_as_expired_after_the_ttl(manager, account, settings):
    settings.RECOMMENDATION_TTL_DAYS = 14
    now = timezone.now()
    stale = RecommendationFactory(account=account, title="Stale", created_at=now - dt.timedelta(days=14, minutes=1))
    fresh = RecommendationFactory(account=account, title="Fresh", created_at=now - dt.timedelta(days=13))
    accepted = RecommendationFactory(
        account=account, title="Old but taken", status="accepted", created_at=now - dt.timedelta(days=30)
    )
    api = token_client(manager)

    assert titles(api.get(LIST, {"status": "proposed"})) == ["Fresh"]
    assert titles(api.get(LIST, {"status": "expired"})) == ["Stale"]
    stale.refresh_from_db()
    assert stale.status == "expired" and stale.expired_at is not None
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    response = api.post(ONE.format(stale.pk) + "accept/")
    assert response.status_code == 409 and response.json()["status"] == "expired"
    fresh.refresh_from_db()
    assert fresh.status == "proposed"


def test_a_stale_proposal_cannot_be_accepted_even_before_any_read(manager, account, settings):
    settings.RECOMMENDATION_TTL_DAYS = 3
    stale = RecommendationFactory(account=account, created_at=timezone.now() - dt.timedelta(days=4))

    response = token_client(manager).post(ONE.format(stale.pk) + "done/")

    assert response.status_code == 409 and response.json()["status"] == "expired"
    assert not Activity.objects.exists()


def test_the_schema_documents_every_route(manager):
    schema = token_client(manager).get("/api/schema/?format=json").json()

    paths = schema["paths"]
    assert "get" in paths["/api/recommendations/"] and "get" in paths["/api/recommendations/{id}/"]
    for action in ("accept", "dismiss", "done"):
        assert "409" in paths[f"/api/recommendations/{{id}}/{action}/"]["post"]["responses"]
