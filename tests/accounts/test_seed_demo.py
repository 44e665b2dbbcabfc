import pytest
from django.core.management import call_command

from accounts.models import Account, Activity, Deal
from accounts.selectors import accounts_with_health

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Account.objects.order_by("external_id").values_list("external_id", "name", "status", "contract_end")),
        Deal.objects.count(),
        Activity.objects.count(),
    )


def test_running_twice_changes_nothing():
    call_command("seed_demo", "--accounts", "16")
    first = snapshot()
    call_command("seed_demo", "--accounts", "16")
    assert snapshot() == first
    assert len(first[0]) == 16


def test_demo_data_shows_every_signal_and_every_band(settings):
    call_command("seed_demo", "--accounts", "16")
    reports = [report for _, report in accounts_with_health(Account.objects.all())]
    signals = {signal.code for report in reports for signal in report.signals}
    assert signals == set(settings.ACCOUNT_HEALTH["PENALTIES"])
    assert {report.band for report in reports} == set(settings.ACCOUNT_HEALTH["BANDS"])


def test_the_readme_example_account_exists():
    call_command("seed_demo", "--accounts", "1")
    assert Account.objects.filter(external_id="ACC-12345").exists()


def test_the_demo_manager_gets_a_password_shown_once_then_a_way_to_reset_it(capsys):
    from django.contrib.auth import authenticate

    call_command("seed_demo", "--accounts", "1")
    call_command("ensure_demo_login")
    first = capsys.readouterr().out
    call_command("ensure_demo_login")
    second = capsys.readouterr().out

    password = first.rsplit("password: ", 1)[1].split()[0]
    assert authenticate(username="alice", password=password) is not None
    assert password not in second and "changepassword alice" in second
