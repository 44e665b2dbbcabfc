"""Who gets a brief and how often: managers with an email address, accounts and something to
report; at most one brief per manager per day, even with two runs at once; briefs can be turned
off; --dry-run prints and records nothing."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.briefs.services import briefs_send
from accounts.models import BriefSent
from tests.accounts.briefs import backends
from tests.accounts.briefs.conftest import BASE_URL, as_of_yesterday, now_changed, quiet_account, today
from tests.copilot.conftest import token_client
from tests.factories import AccountFactory, ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


def send_briefs(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("send_briefs", *args, stdout=out, stderr=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def worsened_account(owner, external_id: str):
    account = AccountFactory(external_id=external_id, owner=owner)
    ActivityFactory(account=account)
    as_of_yesterday(account)
    now_changed(account, status="at_risk")
    return account


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# --- Addressing ----------------------------------------------------------------------------------


def test_each_manager_gets_one_brief_about_their_own_accounts(manager):
    other = UserFactory(username="sam", email="sam@example.com")
    worsened_account(manager, "ACC-M1")
    worsened_account(other, "ACC-S1")

    code, out = send_briefs()

    assert code == 0
    assert recipients() == ["morgan@example.com", "sam@example.com"]
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert "ACC-M1" in by_recipient["morgan@example.com"] and "ACC-S1" not in by_recipient["morgan@example.com"]
    assert "ACC-S1" in by_recipient["sam@example.com"] and "ACC-M1" not in by_recipient["sam@example.com"]
    assert "Sent 2 brief(s)" in out


def test_a_manager_without_an_email_address_gets_none():
    worsened_account(UserFactory(username="no-mail", email=""), "ACC-N1")

    assert send_briefs()[0] == 0
    assert mail.outbox == [] and not BriefSent.objects.exists()


def test_a_user_without_accounts_or_with_nothing_to_report_gets_none(manager):
    UserFactory(username="no-accounts", email="no-accounts@example.com")
    quiet_account(manager, external_id="ACC-Q1")

    code, out = send_briefs()

    assert code == 0
    assert mail.outbox == [] and not BriefSent.objects.exists()
    assert "1 manager(s) had nothing to report" in out  # the user without accounts is not a recipient


def test_an_inactive_user_gets_none():
    worsened_account(UserFactory(username="gone", email="gone@example.com", is_active=False), "ACC-X1")

    send_briefs()

    assert mail.outbox == []


# --- Once a day ----------------------------------------------------------------------------------


def test_a_second_run_the_same_day_sends_nothing_and_what_was_sent_is_recorded(manager):
    worsened_account(manager, "ACC-M1")

    send_briefs()
    code, out = send_briefs()

    assert code == 0
    assert recipients() == ["morgan@example.com"]
    sent = BriefSent.objects.get()
    assert (sent.user, sent.day, sent.recipient) == (manager, today(), "morgan@example.com")
    assert sent.sent_at is not None
    assert sent.accounts == ["ACC-M1"] and sent.sections == {"changes": 1}
    assert sent.subject == mail.outbox[0].subject
    assert "Sent 0 brief(s)" in out


def test_yesterdays_brief_does_not_stop_todays(manager):
    worsened_account(manager, "ACC-M1")
    BriefSent.objects.create(user=manager, day=today() - dt.timedelta(days=1), recipient=manager.email, subject="x")

    send_briefs()

    assert recipients() == ["morgan@example.com"]


def test_two_runs_at_once_send_each_manager_one_brief(manager, settings):
    """A brief is claimed before it is sent, and the claim (a unique row per manager and day) is
    the lock: a run that starts while another is sending neither repeats nor loses a brief."""
    other = UserFactory(username="sam", email="sam@example.com")
    worsened_account(manager, "ACC-M1")
    worsened_account(other, "ACC-S1")
    settings.EMAIL_BACKEND = "tests.accounts.briefs.backends.SecondRunWhileSending"
    backends.nested_runs.clear()

    first = briefs_send()

    # The first run claimed Morgan and was sending when the second began: the second left Morgan
    # alone and sent Sam's; the first, on to Sam, found the unique (user, day) row and skipped.
    [second] = backends.nested_runs
    assert (first.sent, first.already_claimed) == (1, 1)
    assert (second.sent, second.already_claimed) == (1, 0)
    assert recipients() == ["morgan@example.com", "sam@example.com"]
    assert BriefSent.objects.filter(sent_at__isnull=False).count() == 2


def test_a_brief_the_mail_server_refused_is_not_recorded_and_the_others_go(manager, settings):
    refused = UserFactory(username="refused", email=backends.RefusesOne.refused)
    worsened_account(manager, "ACC-M1")
    worsened_account(refused, "ACC-R1")
    settings.EMAIL_BACKEND = "tests.accounts.briefs.backends.RefusesOne"

    code, out = send_briefs()

    assert code == 1 and "1 brief(s) could not be sent" in out
    assert recipients() == ["morgan@example.com"]
    assert list(BriefSent.objects.values_list("user__username", flat=True)) == ["morgan"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_briefs()[0] == 0  # the next run sends the one that failed, and only that one
    assert recipients() == ["morgan@example.com", backends.RefusesOne.refused]


# --- Opting out ----------------------------------------------------------------------------------


def test_a_manager_who_turned_briefs_off_in_the_app_gets_none_until_they_turn_them_on(manager):
    worsened_account(manager, "ACC-M1")
    api = token_client(manager)

    assert api.patch("/api/me/preferences/", {"briefs": False}, format="json").status_code == 200
    send_briefs()
    assert mail.outbox == [] and not BriefSent.objects.exists()

    assert api.patch("/api/me/preferences/", {"briefs": True}, format="json").status_code == 200
    send_briefs()
    assert recipients() == ["morgan@example.com"]


# --- Dry run -------------------------------------------------------------------------------------


def test_dry_run_prints_the_briefs_and_sends_and_records_nothing(manager):
    worsened_account(manager, "ACC-M1")
    quiet_account(UserFactory(username="calm", email="calm@example.com"), external_id="ACC-C1")

    code, out = send_briefs("--dry-run")

    assert code == 0
    assert mail.outbox == [] and not BriefSent.objects.exists()
    assert "To: morgan@example.com" in out and "calm@example.com" not in out
    assert f"Subject: Morning brief for {today().isoformat()}: 1 account to look at" in out
    assert f"{BASE_URL}/app/accounts/ACC-M1" in out
    assert "Dry run: 1 brief(s) would be sent" in out

    send_briefs()  # the dry run claimed nothing: the real run still sends
    assert recipients() == ["morgan@example.com"]


def test_dry_run_leaves_out_managers_who_already_had_todays_brief(manager):
    worsened_account(manager, "ACC-M1")
    send_briefs()

    code, out = send_briefs("--dry-run")

    assert code == 0
    assert "Dry run: 0 brief(s) would be sent" in out and "To:" not in out
