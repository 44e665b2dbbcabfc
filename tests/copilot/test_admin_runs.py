"""Bulk runs and model comparisons started from the admin: created in the request, run in the
background by the same services as `analyze_accounts` and `compare_models`, recorded for the staff
member who started them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from copilot.comparisons.selectors import comparison_table
from copilot.models import AnalysisRequest, BulkRun, ModelComparison, Thread
from tests.factories import AccountFactory
from tests.support.processes import wait_for
from tests.support.provider_double import Reply

# The run goes on in a thread with its own database connection: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

START = "admin:copilot_modelcomparison_start"


def finished(run_ids) -> bool:
    return not BulkRun.objects.filter(pk__in=run_ids, status="running").exists()


def test_a_run_started_from_the_admin_analyses_every_account_for_the_staff_member(client, staff_user, provider):
    accounts = [AccountFactory() for _ in range(3)]
    provider.default = Reply.ok("Renewal on track.")
    client.force_login(staff_user)

    client.post(
        reverse("admin:accounts_account_changelist"),
        {"action": "analyze_selected", "_selected_action": [a.pk for a in accounts]},
    )
    run = BulkRun.objects.get()
    wait_for(lambda: finished([run.pk]))

    run.refresh_from_db()
    assert run.status == "completed"
    assert run.items.filter(status="succeeded").count() == 3
    calls = AnalysisRequest.objects.filter(bulk_run=run)
    assert [(c.source, c.user_id, c.response) for c in calls] == [("bulk", staff_user.pk, "Renewal on track.")] * 3
    assert not Thread.objects.exists()  # a bulk run's calls are not conversations in the user's app
    page = client.get(reverse("admin:copilot_bulkrun_change", args=[run.pk])).content.decode()
    assert "3 / 3" in page and 'id="run-in-progress"' not in page


def comparison_form(**overrides) -> dict:
    return {
        "accounts": "ACC-C1, ACC-C2",
        "models": ["glm-4.6", "claude-sonnet-4-5"],
        "task": "account_analysis",
        "question": "What is the renewal risk?",
        "max_cost": "1",
        **overrides,
    }


def test_a_comparison_started_from_the_admin_runs_both_models_and_shows_the_table(
    client, staff_user, provider, second_provider_double, claude
):
    for n in (1, 2, 3):
        AccountFactory(external_id=f"ACC-C{n}")
    provider.default = Reply.ok("GLM: steady account.")
    second_provider_double.default = Reply.ok("Claude: renewal risk.")
    client.force_login(staff_user)
    assert 'id="start-comparison"' in client.get(reverse("admin:copilot_modelcomparison_changelist")).content.decode()

    response = client.post(reverse(START), comparison_form())

    comparison = ModelComparison.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:copilot_modelcomparison_change", args=[comparison.pk])
    runs = {run.model: run for run in comparison.runs.all()}
    assert set(runs) == {"glm-4.6", "claude-sonnet-4-5"}
    assert {run.max_cost_usd for run in runs.values()} == {Decimal("0.5")}  # the cap, shared as the command does
    assert (comparison.created_by, comparison.question) == (staff_user.username, "What is the renewal risk?")
    wait_for(lambda: finished([run.pk for run in runs.values()]))

    calls = AnalysisRequest.objects.filter(bulk_run__comparison=comparison)
    assert sorted(calls.values_list("model", "account__external_id")) == [
        ("claude-sonnet-4-5", "ACC-C1"),
        ("claude-sonnet-4-5", "ACC-C2"),
        ("glm-4.6", "ACC-C1"),
        ("glm-4.6", "ACC-C2"),
    ]
    assert set(calls.values_list("user_id", flat=True)) == {staff_user.pk}
    page = client.get(response["Location"]).content.decode()
    for row in comparison_table(comparison).rows:
        for cell in row:
            assert f"<td>{cell}</td>" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"models": ["glm-4.6"]}, "models", "at least two"),
        ({"accounts": "ACC-C1, ACC-NOPE"}, "accounts", "Unknown account id(s): ACC-NOPE"),
        ({"max_cost": "-1"}, "max_cost", "greater than or equal"),
        ({"models": ["glm-4.6", "gpt-nothing"]}, "models", "not one of the available choices"),
    ],
)
def test_a_bad_comparison_form_is_a_400_naming_the_field_and_starts_nothing(
    client, staff_user, provider, claude, overrides, field, message
):
    AccountFactory(external_id="ACC-C1")
    client.force_login(staff_user)
    response = client.post(reverse(START), comparison_form(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not ModelComparison.objects.exists() and provider.requests == []


def test_a_model_without_a_key_on_this_server_is_refused_on_the_form(client, staff_user, provider, claude, settings):
    AccountFactory(external_id="ACC-C1")
    settings.LLM_PROVIDER_KEYS = {}  # Claude's provider has no key here
    client.force_login(staff_user)
    response = client.post(reverse(START), comparison_form(accounts="ACC-C1"))
    assert response.status_code == 400
    assert "CLAUDE_API_KEY" in " ".join(response.context["form"].errors["models"])
    assert not ModelComparison.objects.exists()


def test_only_staff_who_may_start_analyses_can_start_a_comparison(client, provider, claude):
    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    client.force_login(viewer)
    response = client.post(reverse(START), comparison_form())
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ModelComparison.objects.exists()
