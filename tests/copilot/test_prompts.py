"""The server-side prompt: what the model is told about an account."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Activity, Deal, HealthSnapshot
from copilot.analysis import prompts
from tests.factories import AccountFactory, ActivityFactory, DealFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts():
    now = timezone.now()
    made = []
    for n in range(3):
        account = AccountFactory(contract_end=(now + dt.timedelta(days=40 * n)).date())
        # 11 open deals and 14 activities: more than the prompt shows, with ties in the sort keys
        for d in range(14):
            DealFactory(account=account, amount=1000 * (d % 6 + 1), stage=("proposal", "closed_won")[d % 5 == 0])
            ActivityFactory(account=account, occurred_at=now - dt.timedelta(days=d // 3 * 7 + n), subject=f"Call {d}")
        made.append(account)
    return made


def test_the_prompt_shows_the_largest_open_deals_and_the_latest_activities(accounts):
    now = timezone.now()
    account = accounts[0]

    facts = prompts.AccountFacts.load(account, now=now)

    assert len(facts.open_deals) == prompts.PROMPT_DEALS
    assert all(deal.stage != "closed_won" for deal in facts.open_deals)
    amounts = [deal.amount for deal in facts.open_deals]
    assert amounts == sorted(amounts, reverse=True)
    assert len(facts.recent_activities) == prompts.PROMPT_ACTIVITIES
    times = [activity.occurred_at for activity in facts.recent_activities]
    assert times == sorted(times, reverse=True)
    prompt = prompts.system_prompt(agent="orchestrator", facts=facts, now=now)
    assert all(activity.subject in prompt for activity in facts.recent_activities)


def test_the_facts_read_again_show_every_write_since_even_through_an_old_copy_of_the_account():
    now = timezone.now()
    account = AccountFactory()
    deal = DealFactory(account=account, name="Expansion", amount=1000)
    first = prompts.AccountFacts.load(account, now=now)
    assert [d.name for d in first.open_deals] == ["Expansion"]
    assert prompts.AccountFacts.load(account, now=now).open_deals is first.open_deals  # kept, not read again

    ActivityFactory(account=account, subject="Called the CFO")
    Deal.objects.filter(pk=deal.pk).update(amount=2500)  # no signal, no save(): the database itself tells
    again = prompts.AccountFacts.load(account, now=now)  # the same Python copy of the account as before

    assert [a.subject for a in again.recent_activities] == ["Called the CFO"]
    assert [d.amount for d in again.open_deals] == [2500]
    Activity.objects.filter(account=account).delete()
    assert prompts.AccountFacts.load(account, now=now).recent_activities == ()


def test_the_facts_of_each_day_are_read_for_that_day():
    now = timezone.now()
    account = AccountFactory()
    HealthSnapshot.objects.create(account=account, day=timezone.localdate(now) - dt.timedelta(days=6), score=40)

    today = prompts.AccountFacts.load(account, now=now)
    tomorrow = prompts.AccountFacts.load(account, now=now + dt.timedelta(days=1))

    assert today.trend.score_week_ago is None  # six days ago: not yet a week
    assert tomorrow.trend.score_week_ago == 40
