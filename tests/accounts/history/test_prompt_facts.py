"""The copilot knows the trend: the account facts hold the stored health, the score a week and a
month ago and the signals that appeared or cleared in the last 30 days, inside the facts block."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.history.services import signal_mask
from accounts.models import AccountHealth, HealthSnapshot
from copilot.analysis import prompts
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def day(back: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=back)


def facts_block(account) -> str:
    now = timezone.now()
    prompt = prompts.system_prompt(agent="orchestrator", facts=prompts.AccountFacts.load(account, now=now), now=now)
    return prompt[prompt.index("<account_facts>") : prompt.index("</account_facts>")]


def test_the_facts_give_past_scores_and_the_signals_that_appeared_or_cleared():
    account = AccountFactory(external_id="ACC-1")
    HealthSnapshot.objects.filter(account=account).delete()
    for back, score, signals in [
        (40, 100, []),
        (30, 85, ["renewal_near"]),
        (7, 55, ["renewal_near", "inactivity"]),
        (2, 70, ["inactivity"]),
    ]:
        HealthSnapshot.objects.create(
            account=account, day=day(back), score=score, band="x", signals=signals, signal_mask=signal_mask(signals)
        )

    block = facts_block(account)

    assert "Health score 7 days ago: 55/100; 30 days ago: 85/100" in block
    assert f"- {day(7)}: inactivity appeared" in block
    assert f"- {day(2)}: renewal_near cleared" in block
    # renewal_near appeared 30 days ago: the day before the 30 days the facts cover.
    assert "renewal_near appeared" not in block


@pytest.mark.parametrize(
    ("snapshots", "expected"),
    [
        ([(45, 90), (12, 60), (3, 40)], "7 days ago: 60/100; 30 days ago: 90/100"),
        ([(35, 80)], "7 days ago: 80/100; 30 days ago: 80/100"),
        ([(20, 70), (6, 50)], "7 days ago: 70/100; 30 days ago: unknown (no history)"),
        ([(6, 50)], "7 days ago: unknown (no history); 30 days ago: unknown (no history)"),
    ],
)
def test_a_past_score_is_the_latest_snapshot_on_or_before_its_day(snapshots, expected):
    account = AccountFactory(external_id="ACC-1")
    HealthSnapshot.objects.filter(account=account).delete()
    for back, score in snapshots:
        HealthSnapshot.objects.create(account=account, day=day(back), score=score, band="x", signals=[], signal_mask=0)

    assert f"Health score {expected}" in facts_block(account)


def test_an_account_without_history_says_so():
    account = AccountFactory(external_id="ACC-1")
    HealthSnapshot.objects.filter(account=account).delete()

    block = facts_block(account)

    assert "Health score 7 days ago: unknown (no history); 30 days ago: unknown (no history)" in block
    assert "Signal changes in the last 30 days: none" in block


def test_the_facts_hold_the_stored_health():
    account = AccountFactory(external_id="ACC-1")
    AccountHealth.objects.filter(pk=account.pk).update(
        score=42,
        band="watch",
        details=[{"code": "stalled_deals", "detail": "2 open deal(s) unchanged.", "penalty": 20}],
    )

    block = facts_block(account)

    assert "Health score: 42/100 (band: watch)" in block
    assert "- stalled_deals: 2 open deal(s) unchanged." in block
