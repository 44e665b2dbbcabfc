import datetime as dt

import pytest
from django.utils import timezone

from accounts.history.services import health_refresh
from accounts.models import HealthSnapshot
from tests.factories import AccountFactory, ActivityFactory, UserFactory

BASE_URL = "https://copilot.example.com"


def today() -> dt.date:
    return timezone.localdate()


def as_of_yesterday(account) -> None:
    """Make the account's health as it stands now its snapshot of yesterday (and leave none for
    today), as if the facts set up so far were yesterday's."""
    HealthSnapshot.objects.filter(account=account).delete()
    health_refresh(account)
    HealthSnapshot.objects.filter(account=account).update(day=today() - dt.timedelta(days=1))


def now_changed(account, **fields) -> None:
    """Change the account's facts today, and refresh its stored health as every write path does."""
    for name, value in fields.items():
        setattr(account, name, value)
    account.save()
    health_refresh(account)


def quiet_account(owner, **fields):
    """A healthy account (an activity yesterday) whose health did not change since yesterday."""
    account = AccountFactory(owner=owner, **fields)
    ActivityFactory(account=account)
    as_of_yesterday(account)
    health_refresh(account)
    return account


@pytest.fixture(autouse=True)
def _links(settings):
    settings.APP_BASE_URL = BASE_URL


@pytest.fixture
def manager():
    return UserFactory(username="morgan", email="morgan@example.com", first_name="Morgan", last_name="Lee")
