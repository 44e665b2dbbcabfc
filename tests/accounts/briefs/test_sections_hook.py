"""Other apps add sections to the brief by registering a provider (as copilot would from its
AppConfig.ready): it is called per manager and day, its items link to their accounts, and a
manager whose only news is that section still gets the brief."""

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.briefs.sections import BriefItem, BriefSection, register_section, unregister_section
from tests.accounts.briefs.conftest import BASE_URL, quiet_account, today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

calls = []


def due_actions(user, *, day):
    calls.append((user.username, day))
    if user.username != "morgan":
        return None
    return BriefSection(
        key="test-extra",
        title="Actions due today or overdue",
        items=[BriefItem(headline="Call about the renewal (due today)", account_id="ACC-Q1", account_name="Quiet plc")],
    )


@pytest.fixture
def registered():
    calls.clear()
    register_section("test-extra", due_actions)
    yield
    unregister_section("test-extra")  # copilot's own "actions" section stays


def test_a_registered_section_is_sent_with_links_even_when_nothing_else_changed(manager, registered):
    quiet_account(manager, external_id="ACC-Q1", name="Quiet plc")
    quiet_account(UserFactory(username="sam", email="sam@example.com"), external_id="ACC-S1")

    call_command("send_briefs", stdout=open("/dev/null", "w"))  # noqa: SIM115

    [message] = mail.outbox
    assert message.to == ["morgan@example.com"]
    assert "Actions due today or overdue" in message.body
    assert "Quiet plc (ACC-Q1): Call about the renewal (due today)" in message.body
    assert f'href="{BASE_URL}/app/accounts/ACC-Q1"' in message.alternatives[0][0]
    assert sorted(calls) == [("morgan", today()), ("sam", today())]


def test_without_the_provider_the_same_book_gets_no_brief(manager):
    quiet_account(manager, external_id="ACC-Q1", name="Quiet plc")

    call_command("send_briefs", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert mail.outbox == []


def test_accounts_does_not_import_the_apps_that_build_on_it():
    import pathlib

    source = pathlib.Path(__file__).resolve().parents[3] / "accounts"
    offenders = [
        str(path.relative_to(source.parent))
        for path in source.rglob("*.py")
        if "import copilot" in path.read_text() or "from copilot" in path.read_text()
    ]
    assert offenders == []
