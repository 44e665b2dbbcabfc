"""The call history and the account page in the admin: review every call, ask for new ones."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copilot.models import AnalysisRequest
from tests.factories import (
    AccountFactory,
    AnalysisRequestFactory,
    StaffUserFactory,
    ThreadFactory,
    UserFactory,
    finished_call,
)
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:copilot_analysisrequest_changelist"


def analyze_selected(client, accounts):
    return client.post(
        reverse("admin:accounts_account_changelist"),
        {"action": "analyze_selected", "_selected_action": [a.pk for a in accounts]},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_detail_shows_the_conversation_usage_cost_and_error(client, staff_user):
    thread = ThreadFactory()
    call = finished_call(
        thread=thread,
        messages=[
            {"role": "user", "content": "How is ACC-1 doing?"},
            {"role": "assistant", "content": "Stable."},
            {"role": "user", "content": "And the renewal?"},
        ],
        prompt="And the renewal?",
        response="Renewal is due in 60 days.",
        retries=2,
        tokens=(1000, 500, 0, 0),
    )
    client.force_login(staff_user)
    page = client.get(reverse("admin:copilot_analysisrequest_change", args=[call.pk])).content.decode()
    for text in ("How is ACC-1 doing?", "Stable.", "And the renewal?", "Renewal is due in 60 days.", "0.001700"):
        assert text in page
    assert f"thread__id__exact={thread.pk}" in page

    failed = finished_call(status="failed", error_code="PROVIDER_TIMEOUT", error_message="The provider timed out.")
    page = client.get(reverse("admin:copilot_analysisrequest_change", args=[failed.pk])).content.decode()
    assert "PROVIDER_TIMEOUT" in page and "The provider timed out." in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status__exact": "failed"}, {"failed-call"}),
        ({"error_code__exact": "PROVIDER_TIMEOUT"}, {"failed-call"}),
        ({"model": "claude-sonnet-4-5"}, {"claude-call"}),
        ({"source__exact": "bulk"}, {"bulk-call"}),
        ({"q": "ACC-FILTER"}, {"account-call"}),
    ],
)
def test_the_history_filters_by_status_code_model_source_and_search(client, staff_user, query, expected):
    finished_call(prompt="failed-call", status="failed", error_code="PROVIDER_TIMEOUT")
    finished_call(prompt="claude-call", model="claude-sonnet-4-5")
    finished_call(prompt="bulk-call", source="bulk")
    finished_call(prompt="account-call", account=AccountFactory(external_id="ACC-FILTER"))
    client.force_login(staff_user)
    listing = client.get(reverse(CHANGELIST), query)
    assert {call.prompt for call in listing.context["cl"].result_list} == expected


def test_the_model_filter_offers_the_models_called(client, staff_user):
    finished_call(model="glm-4.6")
    finished_call(model="claude-sonnet-4-5")
    client.force_login(staff_user)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "?model=claude-sonnet-4-5" in page and "?model=glm-4.6" in page


def test_the_account_page_lists_recent_analyses(client, staff_user):
    account = AccountFactory()
    call = finished_call(account=account, response="Churn risk is low.")
    client.force_login(staff_user)
    page = client.get(reverse("admin:accounts_account_change", args=[account.pk])).content.decode()
    assert "Churn risk is low." in page
    assert reverse("admin:copilot_analysisrequest_change", args=[call.pk]) in page
    assert 'id="analyze-now"' in page


def test_analyze_now_runs_the_analysis_service_and_reports_it(client, staff_user, provider):
    account = AccountFactory()
    provider.enqueue(Reply.ok("Health is fine; renewal next quarter."))
    client.force_login(staff_user)

    response = client.post(reverse("admin:accounts_account_analyze", args=[account.pk]), follow=True)

    call = AnalysisRequest.objects.get()
    assert (call.source, call.account, call.user, call.status) == ("admin", account, staff_user, "succeeded")
    assert call.response == "Health is fine; renewal next quarter."
    assert "1 analysis(es) succeeded" in messages_of(response)[0]
    assert client.get(reverse("admin:accounts_account_analyze", args=[account.pk])).status_code == 405


def test_analyze_now_reports_a_provider_failure_with_its_code(client, staff_user, provider):
    account = AccountFactory(external_id="ACC-DOWN")
    provider.enqueue(Reply.error(401))
    client.force_login(staff_user)
    response = client.post(reverse("admin:accounts_account_analyze", args=[account.pk]), follow=True)
    assert "ACC-DOWN" in messages_of(response)[0] and "PROVIDER_AUTH_FAILED" in messages_of(response)[0]
    assert AnalysisRequest.objects.get().error_code == "PROVIDER_AUTH_FAILED"


def test_the_action_analyzes_selected_accounts_and_counts_outcomes(client, staff_user, provider):
    accounts = [AccountFactory() for _ in range(3)]
    provider.enqueue(Reply.ok("One."), Reply.error(400), Reply.ok("Three."))
    client.force_login(staff_user)
    response = analyze_selected(client, accounts)
    shown = messages_of(response)
    assert shown[0].startswith("2 analysis(es) succeeded")
    assert shown[1].startswith("1 analysis(es) failed")
    assert AnalysisRequest.objects.filter(source="admin").count() == 3


def test_without_a_key_the_action_stops_at_once_and_says_why(client, staff_user):
    accounts = [AccountFactory() for _ in range(3)]
    client.force_login(staff_user)
    response = analyze_selected(client, accounts)
    shown = messages_of(response)
    assert "LLM_NOT_CONFIGURED" in shown[0]
    assert "2 account(s) were not attempted" in shown[1]
    assert not AnalysisRequest.objects.exists()


def test_the_action_refuses_more_accounts_than_the_admin_should_wait_for(client, staff_user):
    accounts = [AccountFactory() for _ in range(26)]
    client.force_login(staff_user)
    response = analyze_selected(client, accounts)
    assert "analyze_accounts" in messages_of(response)[0]
    assert not AnalysisRequest.objects.exists()


def test_staff_without_the_permission_to_create_analyses_cannot_analyze(client, provider):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_account", "change_account"]))
    account = AccountFactory()
    client.force_login(viewer)
    page = client.get(reverse("admin:accounts_account_change", args=[account.pk])).content.decode()
    assert 'id="analyze-now"' not in page
    response = client.post(reverse("admin:accounts_account_analyze", args=[account.pk]))
    assert response.status_code == 302 and not AnalysisRequest.objects.exists()
    assert StaffUserFactory().has_perm("copilot.add_analysisrequest")


def test_the_unfiltered_history_count_is_exact_without_counting_the_big_table(client, staff_user):
    for n in range(3):
        finished_call(status="failed" if n else "succeeded", error_code="PROVIDER_TIMEOUT" if n else "")
    AnalysisRequestFactory(status="pending")  # in flight: not in the rollups yet
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as queries:
        listing = client.get(reverse(CHANGELIST))
    assert listing.context["cl"].result_count == AnalysisRequest.objects.count() == 4
    assert "4 analysis requests" in listing.content.decode()
    unfiltered_counts = [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper() and "copilot_analysisrequest" in q["sql"] and "WHERE" not in q["sql"]
    ]
    assert unfiltered_counts == []
    assert client.get(reverse(CHANGELIST), {"status__exact": "failed"}).context["cl"].result_count == 2


def test_the_account_and_user_filters_offer_the_busiest_and_keep_a_linked_choice(client, staff_user):
    busy, quiet = AccountFactory(external_id="ACC-BUSY"), AccountFactory(external_id="ACC-QUIET")
    manager = UserFactory(username="busy-manager")
    for _ in range(3):
        finished_call(account=busy, user=manager)
    finished_call(account=quiet, at=timezone.now() - dt.timedelta(days=90))  # not busy lately
    client.force_login(staff_user)

    page = client.get(reverse(CHANGELIST)).content.decode()
    assert f"?account__id__exact={busy.pk}" in page and f"?user__id__exact={manager.pk}" in page
    assert f"?account__id__exact={quiet.pk}" not in page

    listing = client.get(reverse(CHANGELIST), {"account__id__exact": quiet.pk})
    assert [call.account for call in listing.context["cl"].result_list] == [quiet]
    assert f"?account__id__exact={quiet.pk}" in listing.content.decode()  # offered as the current choice
    by_user = client.get(reverse(CHANGELIST), {"user__id__exact": manager.pk})
    assert by_user.context["cl"].result_count == 3


def test_the_history_shows_latency_in_whole_ms_and_cost_to_six_places(client, staff_user):
    finished_call(latency_ms=1234.5678912345, tokens=(1001, 333, 0, 0))
    client.force_login(staff_user)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert "1235 ms" in page and "1234.56" not in page
    cost = AnalysisRequest.objects.get().usage.cost_usd
    assert f"{cost:.6f}" in page and len(str(cost.normalize()).split(".")[1]) > 6


def test_the_account_list_has_a_health_column(client, staff_user):
    AccountFactory(external_id="ACC-5", status="at_risk")
    client.force_login(staff_user)

    page = client.get(reverse("admin:accounts_account_changelist")).content.decode()

    assert "column-current_health" in page and "at risk" in page
