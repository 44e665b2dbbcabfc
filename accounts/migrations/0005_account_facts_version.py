"""``Account.facts_version`` and the triggers that change it (``accounts.facts_triggers``); each
existing account is given a token of its own first (the new column's default gave them all one)."""

from django.db import migrations, models

import accounts.models
from accounts import facts_triggers


def triggers_create(apps, schema_editor):
    facts_triggers.tokens_renew(schema_editor)
    facts_triggers.create(schema_editor)


def triggers_drop(apps, schema_editor):
    facts_triggers.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_health_signal_statistics")]

    operations = [
        migrations.AddField(
            model_name="account",
            name="facts_version",
            field=models.BigIntegerField(
                default=accounts.models.new_facts_version,
                editable=False,
                help_text="A new random token on every write to the account's deals, activities or health "
                "snapshots, set by the database itself (triggers, migration 0005): what a cache of its facts is "
                "checked against.",
            ),
        ),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
