"""The morning brief lists the manager's open actions due today or overdue (once the briefs exist)."""

import datetime as dt

import pytest
from django.utils import timezone

from copilot.actions.selectors import due_actions
from tests.factories import AccountFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_due_actions_are_the_managers_open_ones_due_by_the_day_oldest_first():
    manager, other = UserFactory(), UserFactory()
    account = AccountFactory(owner=manager)
    today = timezone.localdate()
    overdue = RecommendationFactory(account=account, title="Overdue", due_on=today - dt.timedelta(days=2))
    due = RecommendationFactory(account=account, title="Today", status="accepted", due_on=today)
    RecommendationFactory(account=account, title="Tomorrow", due_on=today + dt.timedelta(days=1))
    RecommendationFactory(account=account, title="Dismissed", status="dismissed", due_on=today)
    RecommendationFactory(account=AccountFactory(owner=other), title="Theirs", due_on=today)

    assert list(due_actions(manager, day=today)) == [overdue, due]


def test_the_brief_has_an_actions_section():
    sections = pytest.importorskip("accounts.briefs.sections")
    manager = UserFactory()
    account = AccountFactory(owner=manager, external_id="ACC-1", name="Acme")
    today = timezone.localdate()
    RecommendationFactory(account=account, title="Call the CFO", due_on=today - dt.timedelta(days=1))

    (section,) = [s for s in sections.registered_sections(manager, day=today) if s.key == "actions"]

    (item,) = section.items
    assert item.account_id == "ACC-1" and item.headline.startswith("Call the CFO")
    assert item.lines[0].startswith(f"Overdue since {(today - dt.timedelta(days=1)).isoformat()}")
