"""Which price a call gets: the one in force when it was made, by exact name or longest prefix."""

import datetime as dt
from decimal import Decimal

import pytest

from copilot.ledger import pricing
from tests.factories import ModelPriceFactory

pytestmark = pytest.mark.django_db

JANUARY, MARCH, JUNE = (dt.datetime(2026, month, 1, tzinfo=dt.UTC) for month in (1, 3, 6))


@pytest.fixture
def prices():
    return {
        "acme-1 from January": ModelPriceFactory(model="acme-1", effective_from=JANUARY),
        "acme-1 from March": ModelPriceFactory(model="acme-1", effective_from=MARCH, input_usd_per_mtok=Decimal(3)),
        "acme-1-large from June": ModelPriceFactory(model="acme-1-large", effective_from=JUNE),
        "acme-1-large-2026 from March": ModelPriceFactory(model="acme-1-large-2026", effective_from=MARCH),
    }


CASES = [
    ("acme-1", JANUARY + dt.timedelta(days=1), "acme-1 from January"),
    ("acme-1", MARCH, "acme-1 from March"),  # a price is in force from its first instant
    ("acme-1", MARCH - dt.timedelta(microseconds=1), "acme-1 from January"),
    ("acme-1-large-0601", JUNE, "acme-1-large from June"),  # a dated variant: the longest prefix
    ("acme-1-large-0601", MARCH, "acme-1 from March"),  # its own prefix has no price yet
    ("acme-1-large-2026", JUNE, "acme-1-large-2026 from March"),  # the exact name wins
    ("acme-2", JUNE, None),  # a shared stem is not a prefix
    ("other-model", JUNE, None),
    ("acme-1", JANUARY - dt.timedelta(days=1), None),  # before any price
]


@pytest.mark.parametrize(("model", "at", "expected"), CASES)
def test_a_call_is_priced_by_the_price_in_force_for_its_model(prices, model, at, expected):
    expected_price = prices[expected] if expected else None
    assert pricing.price_for(model, at) == expected_price
