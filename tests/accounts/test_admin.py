"""Every admin page renders for staff and sends anonymous visitors to the login page."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import BriefSent, UserPreferences
from tests.factories import (
    AccountFactory,
    ActivityFactory,
    DealFactory,
    ThreadFactory,
    TokenUsageFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "accounts.account",
    "accounts.deal",
    "accounts.activity",
    "copilot.analysisrequest",
    "copilot.tokenusage",
    "copilot.thread",
    "copilot.modelprice",
    "accounts.briefsent",
    "accounts.userpreferences",
]


@pytest.fixture
def records():
    account = AccountFactory(external_id="ACC-777", name="Admin Test Co")
    deal = DealFactory(account=account)
    activity = ActivityFactory(account=account)
    usage = TokenUsageFactory(analysis_request__account=account)
    thread = ThreadFactory()
    from copilot.models import BulkRun, BulkRunItem, ModelPrice

    run = BulkRun.objects.create(question="Health review")
    item = BulkRunItem.objects.create(
        run=run, account=account, status="succeeded", analysis_request=usage.analysis_request
    )
    return {
        "copilot.bulkrun": run,
        "copilot.bulkrunitem": item,
        "accounts.account": account,
        "accounts.deal": deal,
        "accounts.activity": activity,
        "copilot.analysisrequest": usage.analysis_request,
        "copilot.tokenusage": usage,
        "copilot.thread": thread,
        "copilot.modelprice": ModelPrice.objects.first(),
        "accounts.briefsent": BriefSent.objects.create(
            user=account.owner, day=dt.date(2026, 12, 1), recipient="x@example.com", subject="Morning brief"
        ),
        "accounts.userpreferences": UserPreferences.objects.create(user=account.owner, briefs_enabled=False),
    }


def admin_url(label: str, view: str, *args) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


@pytest.mark.parametrize("label", MODELS)
def test_staff_see_the_list_and_the_detail(client, staff_user, records, label):
    client.force_login(staff_user)
    assert client.get(admin_url(label, "changelist")).status_code == 200
    assert client.get(admin_url(label, "change", records[label].pk)).status_code == 200


@pytest.mark.parametrize("label", MODELS)
def test_anonymous_visitors_are_sent_to_login(client, records, label):
    response = client.get(admin_url(label, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_account_page_shows_health_signals_deals_and_activities(client, staff_user, records):
    client.force_login(staff_user)
    page = client.get(admin_url("accounts.account", "change", records["accounts.account"].pk)).content.decode()
    assert "Health score" in page and "/100" in page
    assert records["accounts.deal"].name in page
    assert records["accounts.activity"].subject in page


def test_history_is_read_only(client, staff_user, records):
    client.force_login(staff_user)
    analysis = records["copilot.analysisrequest"]
    assert client.get(admin_url("copilot.analysisrequest", "add")).status_code == 403
    assert client.post(admin_url("copilot.analysisrequest", "delete", analysis.pk)).status_code == 403
    page = client.get(admin_url("copilot.analysisrequest", "change", analysis.pk)).content.decode()
    assert 'name="_save"' not in page


def test_bulk_runs_show_their_progress_and_cost(client, staff_user, records):
    from decimal import Decimal

    usage = records["copilot.tokenusage"]
    usage.cost_usd = Decimal("0.0042")
    usage.save()
    usage.analysis_request.bulk_run = records["copilot.bulkrun"]
    usage.analysis_request.save()
    client.force_login(staff_user)
    page = client.get(admin_url("copilot.bulkrun", "changelist")).content.decode()
    assert "1 / 1" in page and "0.004200" in page
