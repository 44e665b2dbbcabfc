"""The seeded models follow the installed anthropic SDK: its current Claude models are there, the
retired ones keep their rows for the calls they costed, and a seeded price costs a call exactly."""

import datetime as dt
import typing
from decimal import Decimal

import pytest
from anthropic._data.deprecated_models import DEPRECATED_MODELS
from anthropic.types import Model

from copilot.ledger import pricing
from copilot.models import LLMModel, ModelPrice

pytestmark = pytest.mark.django_db

SDK_MODELS = [name for name in typing.get_args(typing.get_args(Model)[0]) if name.startswith("claude-")]
# The SDK lists dated snapshots beside their aliases; the aliases are what a route names.
CURRENT = [name for name in SDK_MODELS if name not in DEPRECATED_MODELS and not name[-8:].isdigit()]


def test_every_current_claude_model_of_the_sdk_is_seeded_on_anthropic():
    seeded = dict(LLMModel.objects.filter(name__in=CURRENT).values_list("name", "provider__name"))
    assert CURRENT and seeded == {name: "anthropic" for name in CURRENT}


def test_the_retired_model_is_deprecated_by_the_sdk_and_keeps_its_rows():
    assert DEPRECATED_MODELS["claude-sonnet-4-5"] == "November 30th, 2026"
    assert LLMModel.objects.filter(name="claude-sonnet-4-5").exists()
    assert ModelPrice.objects.filter(model="claude-sonnet-4-5").exists()


def test_no_seeded_price_is_for_a_model_the_sdk_does_not_list_as_current_except_history():
    priced = set(ModelPrice.objects.values_list("model", flat=True))
    assert priced - set(CURRENT) == {"glm-4.6", "claude-sonnet-4-5"}


def test_a_seeded_price_applies_from_the_models_release_and_costs_a_call_exactly():
    released = dt.datetime(2026, 5, 28, tzinfo=dt.UTC)
    assert pricing.price_for("claude-opus-4-8", released - dt.timedelta(seconds=1)) is None
    price = pricing.price_for("claude-opus-4-8", released)
    cost = pricing.cost_usd(
        price, input_tokens=1_000_000, output_tokens=1_000_000, cache_read_tokens=1_000_000, cache_creation_tokens=0
    )
    assert cost == Decimal("5") + Decimal("25") + Decimal("0.50")


def test_no_current_model_borrows_another_models_seeded_price():
    """An unpriced model stays unpriced (its cost unknown, never a sibling's)."""
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    for name in CURRENT:
        price = pricing.price_for(name, now)
        assert price is None or price.model == name, (name, price.model)
