"""Seed the current Claude models and the prices of those whose price and start could be sourced.

Current: the models of the installed anthropic SDK (2.14.0, ``anthropic.types.Model``) that are not in
its own list of deprecated models (``anthropic._data.deprecated_models``, which gives claude-sonnet-4-5
an end of life of 30 November 2026). claude-sonnet-4-5 and its price stay, for the calls they costed.

Prices (USD per million tokens) are Anthropic's published ones, from platform.claude.com's pricing page
(base input, cache hits, 5-minute cache writes, output) and each model's page for its release date,
which is when the price takes effect. A model whose price or release date could not be sourced gets
no price row (its calls show as unpriced, never as free) until staff add one under Model prices.
claude-opus-5 ($5/$25 from 24 July 2026) and claude-fable-5 ($10/$50 from 9 June 2026) are sourced
but not seeded: the price lookup prices a model by the longest name it starts with, so their rows
would price claude-opus-5-5, claude-fable-5-1 and claude-fable-5-2, whose published prices differ.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

CURRENT_MODELS = (
    "claude-fable-5-2",
    "claude-mythos-5-2",
    "claude-haiku-5-5",
    "claude-sonnet-5-5",
    "claude-fable-5-1",
    "claude-opus-5-5",
    "claude-mythos-5-1",
    "claude-sonnet-5",
    "claude-fable-5",
    "claude-mythos-5",
    "claude-opus-5",
    "claude-opus-4-8",
    "claude-opus-4-7",
    "claude-opus-4-6",
    "claude-sonnet-4-6",
    "claude-haiku-4-5",
)
NOTE = "Anthropic list price (platform.claude.com pricing); effective from the model's release"
PRICES = [
    # model, released (UTC), input, cache read, cache write (5 min), output
    ("claude-opus-4-8", dt.date(2026, 5, 28), "5", "0.50", "6.25", "25"),
]


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def seed(apps, schema_editor):
    Provider = apps.get_model("copilot", "Provider")
    LLMModel = apps.get_model("copilot", "LLMModel")
    ModelPrice = apps.get_model("copilot", "ModelPrice")
    anthropic, _ = Provider.objects.get_or_create(
        name="anthropic", defaults={"base_url": "https://api.anthropic.com", "api_key_env": "CLAUDE_API_KEY"}
    )
    for name in CURRENT_MODELS:
        LLMModel.objects.get_or_create(name=name, defaults={"provider": anthropic})
    for model, released, input_price, cache_read, cache_write, output_price in PRICES:
        ModelPrice.objects.get_or_create(
            model=model,
            effective_from=_start(released),
            defaults={
                "input_usd_per_mtok": Decimal(input_price),
                "cache_read_usd_per_mtok": Decimal(cache_read),
                "cache_write_usd_per_mtok": Decimal(cache_write),
                "output_usd_per_mtok": Decimal(output_price),
                "note": NOTE,
            },
        )


def unseed(apps, schema_editor):
    ModelPrice = apps.get_model("copilot", "ModelPrice")
    for model, released, *_ in PRICES:
        ModelPrice.objects.filter(model=model, effective_from=_start(released), usages__isnull=True).delete()
    LLMModel = apps.get_model("copilot", "LLMModel")
    LLMModel.objects.filter(name__in=CURRENT_MODELS, routes__isnull=True, fallback_routes__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("copilot", "0015_bulk_run_user")]
    operations = [migrations.RunPython(seed, unseed)]
