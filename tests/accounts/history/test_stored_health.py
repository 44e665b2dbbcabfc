"""Every account carries its current health, refreshed in the transaction of each change to its
facts, and the lists read it rather than computing it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account, AccountHealth, HealthSnapshot
from tests.accounts.history.conftest import stored
from tests.factories import AccountFactory, ActivityFactory, DealFactory
from tests.support.commands import run_command

pytestmark = pytest.mark.django_db

DAYS = dt.timedelta(days=1)


def long_ago(days: int) -> dt.datetime:
    return timezone.now() - days * DAYS


def test_logging_an_activity_through_the_api_clears_inactivity_in_the_stored_health(api, manager):
    account = AccountFactory(external_id="ACC-1", owner=manager)
    assert stored(account).signals == ["inactivity"]  # never active

    response = api.post("/api/accounts/ACC-1/activities/", {"kind": "call", "subject": "Hello"}, format="json")

    assert response.status_code == 201
    assert stored(account).signals == [] and stored(account).score == 100
    assert response.json()["health"] == {"score": 100, "band": "healthy", "signals": []}
    today = HealthSnapshot.objects.get(account=account, day=timezone.localdate())
    assert (today.score, today.signals) == (100, [])


def admin_account_form(account: Account, **changes) -> dict:
    """The admin's account change form as the browser posts it, with empty inlines."""
    data = {
        "external_id": account.external_id,
        "name": account.name,
        "owner": account.owner_id or "",
        "status": account.status,
        "industry": account.industry,
        "annual_revenue": account.annual_revenue or "",
        "contract_end": account.contract_end or "",
    }
    for prefix in ("deals", "activities"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_an_activity_added_inline_on_the_admin_account_page_refreshes_its_health(client, staff_user):
    account = AccountFactory(external_id="ACC-1")
    client.force_login(staff_user)
    now = timezone.localtime()
    form = admin_account_form(
        account,
        **{
            "activities-TOTAL_FORMS": 1,
            "activities-0-kind": "meeting",
            "activities-0-subject": "Kick-off",
            "activities-0-occurred_at_0": now.date().isoformat(),
            "activities-0-occurred_at_1": (now - dt.timedelta(minutes=5)).time().strftime("%H:%M:%S"),
        },
    )

    response = client.post(reverse("admin:accounts_account_change", args=[account.pk]), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert stored(account).signals == []


def test_an_activity_added_in_the_activity_admin_refreshes_its_accounts_health(client, staff_user):
    account = AccountFactory(external_id="ACC-1")
    client.force_login(staff_user)
    now = timezone.localtime()

    response = client.post(
        reverse("admin:accounts_activity_add"),
        {
            "account": account.pk,
            "kind": "call",
            "subject": "Call",
            "occurred_at_0": now.date().isoformat(),
            "occurred_at_1": (now - dt.timedelta(minutes=5)).time().strftime("%H:%M:%S"),
        },
    )

    assert response.status_code == 302
    assert stored(account).signals == []


def test_a_status_change_in_the_admin_refreshes_the_health(client, staff_user):
    account = AccountFactory(external_id="ACC-1")
    ActivityFactory(account=account)
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:accounts_account_change", args=[account.pk]), admin_account_form(account, status="at_risk")
    )

    assert response.status_code == 302
    assert stored(account).signals == ["at_risk_status"] and stored(account).band == "watch"


def test_a_deal_that_stalls_on_a_changed_stage_date_in_the_deal_admin_refreshes_the_health(client, staff_user):
    account = AccountFactory(external_id="ACC-1")
    ActivityFactory(account=account)
    deal = DealFactory(account=account)
    assert stored(account).signals == []
    client.force_login(staff_user)
    changed = timezone.localtime(long_ago(60))

    response = client.post(
        reverse("admin:accounts_deal_change", args=[deal.pk]),
        {
            "account": account.pk,
            "name": deal.name,
            "stage": "negotiation",
            "amount": "1000",
            "probability": 50,
            "close_date": "",
            "stage_changed_at_0": changed.date().isoformat(),
            "stage_changed_at_1": changed.time().strftime("%H:%M:%S"),
        },
    )

    assert response.status_code == 302
    assert stored(account).signals == ["stalled_deals"]


def test_a_deal_moved_to_another_account_in_the_admin_refreshes_both(client, staff_user):
    first, second = AccountFactory(external_id="ACC-1"), AccountFactory(external_id="ACC-2")
    deal = DealFactory(account=first, stage_changed_at=long_ago(60))
    assert "stalled_deals" in stored(first).signals
    client.force_login(staff_user)
    changed = timezone.localtime(deal.stage_changed_at)

    client.post(
        reverse("admin:accounts_deal_change", args=[deal.pk]),
        {
            "account": second.pk,
            "name": deal.name,
            "stage": deal.stage,
            "amount": "1000",
            "probability": 50,
            "stage_changed_at_0": changed.date().isoformat(),
            "stage_changed_at_1": changed.time().strftime("%H:%M:%S"),
        },
    )

    assert "stalled_deals" not in stored(first).signals
    assert "stalled_deals" in stored(second).signals


def test_deleting_an_activity_in_the_admin_refreshes_the_health(client, staff_user):
    account = AccountFactory(external_id="ACC-1")
    activity = ActivityFactory(account=account)
    client.force_login(staff_user)

    client.post(reverse("admin:accounts_activity_delete", args=[activity.pk]), {"post": "yes"})

    assert stored(account).signals == ["inactivity"]


def test_an_import_that_marks_an_account_at_risk_refreshes_its_health(tmp_path, capsys):
    account = AccountFactory(external_id="ACC-1")
    ActivityFactory(account=account)
    path = tmp_path / "accounts.csv"
    path.write_text("external_id,name,status\nACC-1,Renamed,at_risk\nACC-2,New one,active\n", encoding="utf-8")

    code, _, _ = run_command("import_accounts", str(path), capsys=capsys)

    assert code == 0
    assert stored(account).signals == ["at_risk_status"]
    assert stored(Account.objects.get(external_id="ACC-2")).signals == ["inactivity"]


def test_seed_demo_stores_every_accounts_health(db):
    from accounts.services import seed_demo

    seed_demo(accounts=8)

    assert AccountHealth.objects.count() == Account.objects.count() == 8


# --- Lists read the stored health ------------------------------------------------------------


def results(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [account["external_id"] for account in response.json()["results"]]


@pytest.fixture
def book(manager):
    """Four accounts: healthy (100), inactive (70), inactive and at risk (35), renewal near and a
    stalled deal (65)."""
    healthy = AccountFactory(external_id="ACC-1", owner=manager)
    ActivityFactory(account=healthy)
    AccountFactory(external_id="ACC-2", owner=manager)
    AccountFactory(external_id="ACC-3", owner=manager, status=Account.Status.AT_RISK)
    renewing = AccountFactory(
        external_id="ACC-4", owner=manager, contract_end=timezone.localdate() + dt.timedelta(days=20)
    )
    ActivityFactory(account=renewing)
    DealFactory(account=renewing, stage_changed_at=long_ago(45))
    return manager


def test_the_list_orders_worst_first_by_the_stored_score(api, book):
    # The stored row is what counts: an edit of it shows, where a recomputation would hide it.
    AccountHealth.objects.filter(account__external_id="ACC-1").update(score=1, band="at_risk")

    assert results(api.get("/api/accounts/?ordering=health")) == ["ACC-1", "ACC-3", "ACC-4", "ACC-2"]


def test_every_signal_asked_for_must_fire_repeated_or_comma_separated(api, book):
    assert results(api.get("/api/accounts/?signal=inactivity")) == ["ACC-2", "ACC-3"]
    assert results(api.get("/api/accounts/?signal=inactivity&signal=at_risk_status")) == ["ACC-3"]
    assert results(api.get("/api/accounts/?signal=renewal_near,stalled_deals")) == ["ACC-4"]
    assert results(api.get("/api/accounts/?signal=renewal_near,inactivity")) == []


def test_an_empty_signal_or_band_filter_is_no_filter(api, book):
    everyone = results(api.get("/api/accounts/"))
    assert results(api.get("/api/accounts/?health_band=&signal=")) == everyone
    assert results(api.get("/api/accounts/?signal=,inactivity,")) == ["ACC-2", "ACC-3"]


def test_bands_filter_any_of_them(api, book):
    assert results(api.get("/api/accounts/?health_band=healthy")) == ["ACC-1", "ACC-2"]  # 70: inactive only
    assert results(api.get("/api/accounts/?health_band=watch&health_band=at_risk&ordering=health")) == [
        "ACC-3",
        "ACC-4",
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("signal=bored", "signal"),
        ("signal=inactivity,nope", "signal"),
        ("health_band=meh", "health_band"),
        ("health_band=at_risk&health_band=%00", "health_band"),
    ],
)
def test_an_unknown_signal_or_band_is_a_400_naming_the_parameter(api, book, query, field):
    response = api.get(f"/api/accounts/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert all(isinstance(message, str) for message in response.json()[field])  # a list, as the schema says


def test_an_account_with_no_stored_health_yet_is_listed_with_its_health_computed(api, manager):
    account = AccountFactory(external_id="ACC-1", owner=manager)
    AccountHealth.objects.filter(pk=account.pk).delete()

    listed = api.get("/api/accounts/").json()["results"][0]
    detail = api.get("/api/accounts/ACC-1/").json()

    assert listed["health"]["signals"][0]["code"] == detail["health"]["signals"][0]["code"] == "inactivity"
    assert stored(account).signals == ["inactivity"]


def test_the_admin_list_shows_and_sorts_by_the_stored_health(client, staff_user, book):
    AccountHealth.objects.filter(account__external_id="ACC-1").update(score=3, band="at_risk")
    client.force_login(staff_user)

    page = client.get(reverse("admin:accounts_account_changelist") + "?o=3").content.decode()

    assert "3 · at risk" in page
    assert page.index("ACC-1") < page.index("ACC-3") < page.index("ACC-2")
