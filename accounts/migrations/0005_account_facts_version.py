"""``Account.facts_version``: a new random token on every insert, update or delete of the account's
deals, activities and health snapshots, written by triggers in the database. Every way of writing
them (the services, the admin, ``bulk_create``, ``QuerySet.update()``, raw SQL, another process)
changes it, so a cache of an account's facts checked against it is never stale. A row moved to
another account changes both accounts' tokens."""

from django.db import migrations, models

import accounts.models

TABLES = ("accounts_deal", "accounts_activity", "accounts_healthsnapshot")


SQLITE_TOKEN = "random()"
POSTGRES_TOKEN = "(random() * 4e18)::bigint"


def _sqlite(table: str) -> tuple[list[str], list[str]]:
    bump = f"UPDATE accounts_account SET facts_version = {SQLITE_TOKEN} WHERE id IN ({{}})"
    events = {"insert": "NEW.account_id", "update": "OLD.account_id, NEW.account_id", "delete": "OLD.account_id"}
    create = [
        f"CREATE TRIGGER {table}_facts_{event} AFTER {event.upper()} ON {table} "
        f"BEGIN {bump.format(ids)}; END"
        for event, ids in events.items()
    ]
    return create, [f"DROP TRIGGER IF EXISTS {table}_facts_{event}" for event in events]


POSTGRES_FUNCTION = """
CREATE FUNCTION accounts_facts_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE accounts_account SET facts_version = TOKEN WHERE id = OLD.account_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.account_id IS DISTINCT FROM OLD.account_id) THEN
        UPDATE accounts_account SET facts_version = TOKEN WHERE id = NEW.account_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""".replace("TOKEN", POSTGRES_TOKEN)


def _postgres() -> tuple[list[str], list[str]]:
    create = [POSTGRES_FUNCTION] + [
        f"CREATE TRIGGER {table}_facts AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION accounts_facts_changed()"
        for table in TABLES
    ]
    drop = [f"DROP TRIGGER IF EXISTS {table}_facts ON {table}" for table in TABLES]
    return create, [*drop, "DROP FUNCTION IF EXISTS accounts_facts_changed()"]


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    """What creates the triggers (each existing account given a token of its own first: the new
    column's default gave them all one), and what drops them."""
    if vendor == "postgresql":
        create, drop = _postgres()
        return [f"UPDATE accounts_account SET facts_version = {POSTGRES_TOKEN}", *create], drop
    if vendor == "sqlite":
        pairs = [_sqlite(table) for table in TABLES]
        create = [sql for made, _ in pairs for sql in made]
        return [f"UPDATE accounts_account SET facts_version = {SQLITE_TOKEN}", *create], [
            sql for _, dropped in pairs for sql in dropped
        ]
    raise NotImplementedError(f"No facts triggers for {vendor}: add them here.")


def triggers_create(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor)[0]:
        schema_editor.execute(sql)


def triggers_drop(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor)[1]:
        schema_editor.execute(sql)


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
