"""Seed the prices from DESIGN.md (USD per million tokens). Later prices are new rows."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

EFFECTIVE_FROM = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
PRICES = [
    # model, input, cache read, cache write, output, note
    ("glm-4.6", "0.60", "0.11", "0", "2.20", "Z.ai list price; cache writes are free on Z.ai"),
    ("claude-sonnet-4-5", "3.00", "0.30", "3.75", "15.00", "Anthropic list price"),
]


def seed(apps, schema_editor):
    ModelPrice = apps.get_model("copilot", "ModelPrice")
    for model, input_price, cache_read, cache_write, output_price, note in PRICES:
        ModelPrice.objects.get_or_create(
            model=model,
            effective_from=EFFECTIVE_FROM,
            defaults={
                "input_usd_per_mtok": Decimal(input_price),
                "cache_read_usd_per_mtok": Decimal(cache_read),
                "cache_write_usd_per_mtok": Decimal(cache_write),
                "output_usd_per_mtok": Decimal(output_price),
                "note": note,
            },
        )


def unseed(apps, schema_editor):
    ModelPrice = apps.get_model("copilot", "ModelPrice")
    ModelPrice.objects.filter(effective_from=EFFECTIVE_FROM, model__in=[row[0] for row in PRICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("copilot", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
