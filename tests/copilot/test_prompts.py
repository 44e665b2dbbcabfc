"""The server-side prompt: the same facts whether loaded for one account or for a bulk chunk."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Account
from copilot import prompts
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


def test_chunk_facts_give_the_same_prompt_as_one_account_at_a_time(accounts):
    now = timezone.now()
    one_by_one = [
        prompts.system_prompt(agent="orchestrator", facts=prompts.AccountFacts.load(a, now=now), now=now)
        for a in accounts
    ]

    chunk = prompts.with_prompt_facts(Account.objects.filter(pk__in=[a.pk for a in accounts]).order_by("pk"), now=now)
    with CaptureQueriesContext(connection) as queries:
        loaded = list(chunk)
        in_chunk = [
            prompts.system_prompt(agent="orchestrator", facts=prompts.AccountFacts.load(a, now=now), now=now)
            for a in loaded
        ]

    assert in_chunk == one_by_one
    assert len(queries) == 3  # accounts with health, deals, activities: not per account
    assert all(len(prompts.AccountFacts.load(a, now=now).open_deals) == prompts.PROMPT_DEALS for a in loaded)
