import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import AccountHealth, Deal
from copilot.agent.tools import tool_run
from tests.factories import AccountFactory, ActivityFactory, DealFactory, UserFactory


def call(user, name: str, **arguments):
    """The tool's answer as the model gets it: (data, is_error)."""
    outcome = tool_run(user, name, json.dumps(arguments))
    return json.loads(outcome.content), outcome.is_error


@pytest.fixture
def manager(db):
    return UserFactory(username="morgan")


@pytest.fixture
def other_manager(db):
    return UserFactory(username="riley")


@pytest.fixture
def book(manager, other_manager):
    """A small book: healthy, watch-ish and at-risk accounts of the manager, and another manager's."""
    today = timezone.localdate()
    now = timezone.now()
    healthy = AccountFactory(
        external_id="ACC-1", name="Acme Rockets", owner=manager, annual_revenue=Decimal("500000"), contract_end=None
    )
    ActivityFactory(account=healthy, occurred_at=now - dt.timedelta(days=2), subject="Kick-off")
    DealFactory(account=healthy, name="Expansion", amount=Decimal("20000"), stage=Deal.Stage.PROPOSAL)
    renewing = AccountFactory(
        external_id="ACC-2",
        name="Globex",
        owner=manager,
        annual_revenue=Decimal("2000000"),
        contract_end=today + dt.timedelta(days=20),
    )
    ActivityFactory(account=renewing, occurred_at=now - dt.timedelta(days=3))
    stalled = AccountFactory(
        external_id="ACC-3",
        name="Initech",
        owner=manager,
        status="at_risk",
        annual_revenue=Decimal("750000"),
        contract_end=today + dt.timedelta(days=75),
    )
    DealFactory(account=stalled, name="Renewal", amount=Decimal("90000"), stage_changed_at=now - dt.timedelta(days=80))
    DealFactory(account=stalled, name="Won", amount=Decimal("5000"), stage=Deal.Stage.CLOSED_WON)
    idle = AccountFactory(
        external_id="ACC-4", name="Umbrella", owner=manager, status="inactive", annual_revenue=None, contract_end=None
    )
    theirs = AccountFactory(
        external_id="ACC-9", name="Globex Secret", owner=other_manager, status="at_risk", contract_end=today
    )
    return {"healthy": healthy, "renewing": renewing, "stalled": stalled, "idle": idle, "theirs": theirs}


def stored(account) -> AccountHealth:
    return AccountHealth.objects.get(pk=account.pk)
