"""portfolio_summary: the caller's book in aggregates, computed in SQL, nobody else's in it."""

import pytest

from accounts.models import AccountHealth
from tests.copilot.agent.conftest import call
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_counts_renewals_pipeline_and_the_worst_of_the_callers_book_only(manager, book):
    answer, is_error = call(manager, "portfolio_summary")

    assert not is_error
    mine = AccountHealth.objects.filter(account__owner=manager)
    assert answer["accounts"] == 4
    bands = {}
    for health in mine:
        bands[health.band] = bands.get(health.band, 0) + 1
    assert answer["by_band"] == bands
    assert answer["by_status"] == {"active": 2, "at_risk": 1, "inactive": 1}
    assert answer["by_signal"] == {
        name: sum(name in health.signals for health in mine)
        for name in ("inactivity", "stalled_deals", "engagement_drop", "renewal_near", "at_risk_status")
    }
    assert answer["renewals"] == [
        {"within_days": 30, "accounts": 1, "annual_revenue": 2000000.0},
        {"within_days": 60, "accounts": 1, "annual_revenue": 2000000.0},
        {"within_days": 90, "accounts": 2, "annual_revenue": 2750000.0},
    ]
    assert answer["open_pipeline"] == {"deals": 2, "amount": 110000.0}
    worst = sorted(mine, key=lambda health: (health.score, health.account.external_id))
    assert [account["id"] for account in answer["worst_accounts"]] == [h.account.external_id for h in worst]
    assert "ACC-9" not in str(answer)


def test_an_empty_book_is_all_zeros(book):
    answer, _ = call(UserFactory(), "portfolio_summary")

    assert answer["accounts"] == 0 and answer["worst_accounts"] == [] and answer["by_band"] == {}
    assert answer["open_pipeline"] == {"deals": 0, "amount": 0.0}


def test_any_argument_is_an_error_naming_it(manager, book):
    answer, is_error = call(manager, "portfolio_summary", limit=3)

    assert is_error and answer["error"].startswith("limit:")
