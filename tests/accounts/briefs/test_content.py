"""What a manager's morning brief says: the accounts that got worse since yesterday (band or a new
signal, with the signals), the contracts ending within 30 days, and a link to each account."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from tests.accounts.briefs.conftest import BASE_URL, as_of_yesterday, now_changed, quiet_account, today
from tests.factories import AccountFactory, ActivityFactory

pytestmark = pytest.mark.django_db


def send() -> list:
    call_command("send_briefs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return mail.outbox


def html_of(message) -> str:
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html


@pytest.fixture
def worsened(manager):
    """Healthy yesterday; today its status is at risk: band healthy -> watch, at_risk_status new."""
    account = AccountFactory(external_id="ACC-W1", name="Worse & Co", owner=manager)
    ActivityFactory(account=account)
    as_of_yesterday(account)
    now_changed(account, status="at_risk")
    return account


@pytest.fixture
def gained(manager):
    """Healthy yesterday and still healthy, but its contract now ends within the renewal window."""
    account = AccountFactory(external_id="ACC-G1", name="Gained Ltd", owner=manager)
    ActivityFactory(account=account)
    as_of_yesterday(account)
    now_changed(account, contract_end=today() + dt.timedelta(days=60))
    return account


def test_an_account_whose_band_worsened_is_listed_with_the_change_and_its_signals(manager, worsened):
    [message] = send()

    assert message.to == ["morgan@example.com"]
    assert "Worse & Co (ACC-W1): healthy → watch, score 100 → 65" in message.body
    assert "New: at_risk_status — Account is marked at risk." in message.body
    assert f"{BASE_URL}/app/accounts/ACC-W1" in message.body


def test_an_account_that_gained_a_signal_in_the_same_band_is_listed(manager, gained):
    [message] = send()

    assert "Gained Ltd (ACC-G1): still healthy, score 100 → 85" in message.body
    assert "New: renewal_near — Contract ends in 60 days" in message.body


def test_accounts_that_improved_or_did_not_change_are_not_news(manager, worsened):
    improved = AccountFactory(external_id="ACC-I1", name="Better Inc", owner=manager, status="at_risk")
    ActivityFactory(account=improved)
    as_of_yesterday(improved)
    now_changed(improved, status="active")
    quiet_account(manager, external_id="ACC-Q1", name="Quiet plc")

    [message] = send()

    assert "ACC-W1" in message.body
    assert "ACC-I1" not in message.body and "ACC-Q1" not in message.body


def test_contracts_ending_within_30_days_are_listed_soonest_first(manager):
    quiet_account(manager, external_id="ACC-R30", name="Ends in thirty", contract_end=today() + dt.timedelta(days=30))
    quiet_account(manager, external_id="ACC-R0", name="Ends today", contract_end=today())
    quiet_account(manager, external_id="ACC-R31", name="Ends later", contract_end=today() + dt.timedelta(days=31))
    quiet_account(manager, external_id="ACC-RX", name="Already ended", contract_end=today() - dt.timedelta(days=1))

    [message] = send()

    renewals = message.body.split("Contracts ending within 30 days")[1]
    assert renewals.index("Ends today (ACC-R0)") < renewals.index("Ends in thirty (ACC-R30)")
    assert f"Contract ends {today().isoformat()} (today)" in renewals
    end = (today() + dt.timedelta(days=30)).isoformat()
    assert f"Contract ends {end} (in 30 days)" in renewals
    assert "ACC-R31" not in message.body and "ACC-RX" not in message.body
    assert "Changed since yesterday" not in message.body  # nothing changed: that section is left out


def test_the_html_part_links_each_account_and_escapes_its_name(manager, worsened, gained):
    [message] = send()
    html = html_of(message)

    assert f'<a href="{BASE_URL}/app/accounts/ACC-W1"' in html
    assert f'<a href="{BASE_URL}/app/accounts/ACC-G1"' in html
    assert "Worse &amp; Co" in html and "Worse & Co" not in html
    assert "healthy → watch, score 100 → 65" in html
    assert html.index("ACC-W1") < html.index("ACC-G1")  # the band that worsened comes first


def test_the_subject_counts_the_accounts_named(manager, worsened, gained):
    quiet_account(manager, external_id="ACC-R1", contract_end=today() + dt.timedelta(days=5))

    [message] = send()

    assert message.subject == f"Morning brief for {today().isoformat()}: 3 accounts to look at"
    assert message.from_email  # DEFAULT_FROM_EMAIL


def test_signals_already_firing_are_listed_after_the_new_ones(manager):
    account = AccountFactory(external_id="ACC-S1", name="Silent", owner=manager)  # no activity: inactive
    as_of_yesterday(account)
    now_changed(account, status="at_risk")

    [message] = send()

    new = message.body.index("New: at_risk_status")
    still = message.body.index("Still: inactivity — No recorded activity.")
    assert new < still
    assert "Silent (ACC-S1): healthy → at risk, score 70 → 35" in message.body
