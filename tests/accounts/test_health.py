"""Health rules at their boundaries, both as pure rules and through the SQL that feeds them."""

import datetime as dt

import pytest

from accounts.health import HealthFacts, band_for, evaluate
from accounts.selectors import account_health
from tests.factories import AccountFactory, ActivityFactory, DealFactory

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def facts(**overrides) -> HealthFacts:
    base = {
        "status": "active",
        "last_activity_at": NOW - dt.timedelta(days=1),
        "recent_activity_count": 4,
        "prior_activity_count": 4,
        "open_deal_count": 1,
        "stalled_deal_count": 0,
        "contract_end": None,
    }
    return HealthFacts(**{**base, **overrides})


def codes(report) -> set[str]:
    return {signal.code for signal in report.signals}


class TestRules:
    def test_an_engaged_account_has_no_signals_and_full_score(self):
        report = evaluate(facts(), now=NOW)
        assert report.signals == []
        assert report.score == 100
        assert report.band == "healthy"

    @pytest.mark.parametrize(("idle_days", "fires"), [(30, False), (31, True)])
    def test_inactivity_needs_more_than_thirty_whole_days(self, idle_days, fires):
        report = evaluate(facts(last_activity_at=NOW - dt.timedelta(days=idle_days, hours=23)), now=NOW)
        assert ("inactivity" in codes(report)) is fires

    def test_no_recorded_activity_counts_as_inactive(self):
        report = evaluate(facts(last_activity_at=None, recent_activity_count=0, prior_activity_count=0), now=NOW)
        assert "inactivity" in codes(report)

    @pytest.mark.parametrize(("recent", "prior", "fires"), [(2, 4, False), (1, 4, True), (0, 0, False), (0, 1, True)])
    def test_engagement_drop_is_strictly_under_half_of_the_previous_window(self, recent, prior, fires):
        report = evaluate(facts(recent_activity_count=recent, prior_activity_count=prior), now=NOW)
        assert ("engagement_drop" in codes(report)) is fires

    @pytest.mark.parametrize(("days_left", "fires"), [(91, False), (90, True), (0, True), (-5, True)])
    def test_renewal_within_ninety_days_or_overdue(self, days_left, fires):
        report = evaluate(facts(contract_end=NOW.date() + dt.timedelta(days=days_left)), now=NOW)
        assert ("renewal_near" in codes(report)) is fires

    def test_at_risk_status_is_a_signal(self):
        assert "at_risk_status" in codes(evaluate(facts(status="at_risk"), now=NOW))

    def test_score_subtracts_penalties_and_never_goes_below_zero(self, settings):
        penalties = settings.ACCOUNT_HEALTH["PENALTIES"]
        report = evaluate(facts(status="at_risk", stalled_deal_count=2), now=NOW)
        assert report.score == 100 - penalties["at_risk_status"] - penalties["stalled_deals"]
        everything = evaluate(
            facts(
                status="at_risk",
                stalled_deal_count=1,
                last_activity_at=None,
                recent_activity_count=0,
                prior_activity_count=5,
                contract_end=NOW.date(),
            ),
            now=NOW,
        )
        assert everything.score == max(0, 100 - sum(penalties.values()))

    @pytest.mark.parametrize(
        ("score", "band"),
        [(100, "healthy"), (70, "healthy"), (69, "watch"), (40, "watch"), (39, "at_risk"), (0, "at_risk")],
    )
    def test_bands_by_floor(self, score, band):
        assert band_for(score) == band


@pytest.mark.django_db
class TestFactsFromTheDatabase:
    @pytest.mark.parametrize(("days_in_stage", "stalled"), [(30, False), (31, True)])
    def test_a_deal_is_stalled_after_more_than_thirty_days_in_stage(self, days_in_stage, stalled):
        account = AccountFactory()
        ActivityFactory(account=account, occurred_at=NOW - dt.timedelta(days=1))
        DealFactory(account=account, stage_changed_at=NOW - dt.timedelta(days=days_in_stage, hours=1))
        assert ("stalled_deals" in codes(account_health(account, now=NOW))) is stalled

    def test_closed_deals_never_stall(self):
        account = AccountFactory()
        ActivityFactory(account=account, occurred_at=NOW - dt.timedelta(days=1))
        DealFactory(account=account, stage="closed_won", stage_changed_at=NOW - dt.timedelta(days=400))
        assert "stalled_deals" not in codes(account_health(account, now=NOW))

    def test_activity_windows_are_counted_per_account(self):
        account, other = AccountFactory(), AccountFactory()
        for days in (5, 35, 40, 45):
            ActivityFactory(account=account, occurred_at=NOW - dt.timedelta(days=days))
        for days in (1, 2, 3):
            ActivityFactory(account=other, occurred_at=NOW - dt.timedelta(days=days))
        report = account_health(account, now=NOW)
        assert report.facts.recent_activity_count == 1
        assert report.facts.prior_activity_count == 3
        assert report.facts.last_activity_at == NOW - dt.timedelta(days=5)
        assert "engagement_drop" in codes(report)

    def test_an_account_without_activities_reads_as_never_active(self):
        report = account_health(AccountFactory(), now=NOW)
        assert report.facts.last_activity_at is None
        assert report.facts.recent_activity_count == 0
        assert "inactivity" in codes(report)


@pytest.mark.django_db
def test_one_accounts_health_equals_its_health_in_a_list():
    from accounts.models import Account
    from accounts.selectors import accounts_with_health

    accounts = [AccountFactory(contract_end=NOW.date()), AccountFactory(status="at_risk"), AccountFactory()]
    for days in (1, 20, 31, 45, 59, 61, 200):
        ActivityFactory(account=accounts[0], occurred_at=NOW - dt.timedelta(days=days))
    for days in (29, 31, 32, 90):
        DealFactory(account=accounts[0], stage_changed_at=NOW - dt.timedelta(days=days, hours=2))
    DealFactory(account=accounts[1], stage="closed_lost", stage_changed_at=NOW - dt.timedelta(days=90))
    ActivityFactory(account=accounts[1], occurred_at=NOW + dt.timedelta(days=1))  # logged in the future

    listed = {account.pk: report for account, report in accounts_with_health(Account.objects.all(), now=NOW)}
    for account in accounts:
        assert account_health(account, now=NOW) == listed[account.pk]
