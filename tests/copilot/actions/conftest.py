import pytest
from django.contrib.auth.models import Permission

from tests.factories import AccountFactory, UserFactory


@pytest.fixture
def manager(db):
    return UserFactory(username="morgan")


@pytest.fixture
def other_manager(db):
    return UserFactory(username="riley")


@pytest.fixture
def plain_staff(db):
    """A staff user without any permission: sees recommendations of the accounts they own only."""
    return UserFactory(username="sam", is_staff=True)


@pytest.fixture
def viewing_staff(db):
    """A staff user allowed to view every recommendation."""
    staff = UserFactory(username="vic", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_recommendation"))
    return staff


@pytest.fixture
def account(manager):
    return AccountFactory(external_id="ACC-1", name="Acme Rockets", owner=manager)


@pytest.fixture
def their_account(other_manager):
    return AccountFactory(external_id="ACC-9", name="Globex Secret", owner=other_manager)


def action(title: str = "Call the CFO", **fields) -> dict:
    defaults = {"title": title, "kind": "call", "priority": "high", "due_in_days": 3, "rationale": "Silent 40 days."}
    return defaults | fields
