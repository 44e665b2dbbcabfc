"""The database triggers that give an account a new ``facts_version`` on every insert, update or
delete of its deals, activities and health snapshots (SQLite and PostgreSQL). Every way of writing
them (the services, the admin, ``bulk_create``, ``QuerySet.update()``, raw SQL, another process)
changes it, so a cache of an account's facts checked against it is never stale. A row moved to
another account changes both accounts' tokens.

Created by migration 0005. On SQLite, Django changes some columns by rebuilding the table (a
copy, a drop, a rename): a later migration that rebuilds ``accounts_account`` or one of the three
tables must ``drop`` these triggers before that operation and ``create`` them after it (in
``RunPython`` operations), or it fails (``accounts_account``) or loses them (the others); the
tests of ``Account.facts_version`` fail on a database built without them.

On PostgreSQL a write to an account's records thus locks its account row until it commits; the
health writes (``accounts.history.services``) lock the accounts of their snapshots first, in key
order, so that a snapshot batch and an activity's transaction cannot each wait for the other.
"""

from __future__ import annotations

TABLES = ("accounts_deal", "accounts_activity", "accounts_healthsnapshot")


SQLITE_TOKEN = "random()"
POSTGRES_TOKEN = "(random() * 4e18)::bigint"


def _sqlite(table: str) -> tuple[list[str], list[str]]:
    bump = f"UPDATE accounts_account SET facts_version = {SQLITE_TOKEN} WHERE id IN ({{}})"  # noqa: S608 - constants
    events = {"insert": "NEW.account_id", "update": "OLD.account_id, NEW.account_id", "delete": "OLD.account_id"}
    create = [
        f"CREATE TRIGGER {table}_facts_{event} AFTER {event.upper()} ON {table} BEGIN {bump.format(ids)}; END"
        for event, ids in events.items()
    ]
    return create, [f"DROP TRIGGER IF EXISTS {table}_facts_{event}" for event in events]


POSTGRES_FUNCTION = """
CREATE FUNCTION accounts_facts_changed() RETURNS trigger AS $$
BEGIN
    -- One statement for a row moved between accounts: it locks both in key order.
    IF TG_OP = 'UPDATE' THEN
        UPDATE accounts_account SET facts_version = TOKEN WHERE id IN (OLD.account_id, NEW.account_id);
    ELSIF TG_OP = 'INSERT' THEN
        UPDATE accounts_account SET facts_version = TOKEN WHERE id = NEW.account_id;
    ELSE
        UPDATE accounts_account SET facts_version = TOKEN WHERE id = OLD.account_id;
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
    """What creates the triggers, and what drops them."""
    if vendor == "postgresql":
        return _postgres()
    if vendor == "sqlite":
        pairs = [_sqlite(table) for table in TABLES]
        return [sql for made, _ in pairs for sql in made], [sql for _, dropped in pairs for sql in dropped]
    raise NotImplementedError(f"No facts triggers for {vendor}: add them here.")


def create(schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor)[0]:
        schema_editor.execute(sql)


def drop(schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor)[1]:
        schema_editor.execute(sql)


def tokens_renew(schema_editor) -> None:
    """Every account given a new token of its own."""
    token = POSTGRES_TOKEN if schema_editor.connection.vendor == "postgresql" else SQLITE_TOKEN
    schema_editor.execute(f"UPDATE accounts_account SET facts_version = {token}")  # noqa: S608 - constants
