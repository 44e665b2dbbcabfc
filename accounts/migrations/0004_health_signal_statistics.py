"""PostgreSQL statistics on each signal's bit of the stored health, with its band.

A filter on signals is ``signal_mask & bit = bit``; without statistics on that expression the
planner guesses a handful of rows, and so scans the health of the whole book and looks up each
row's account, instead of starting from the manager's own accounts. Extended statistics on the
expressions (PostgreSQL 14+) give it the real share of each signal and of each band and signal
together. One bit per name of ``accounts.health.SIGNALS`` at the time of writing: a new signal
needs its bit added here by a later migration. SQLite has no such statistics: a no-op there."""

from django.db import migrations

STATISTICS = "accounts_health_signal_bits"
BITS = ", ".join(f"(signal_mask & {1 << index})" for index in range(5))


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_briefs")]

    operations = [
        PostgresOnlySQL(
            # ANALYZE fills the new statistics now rather than at autovacuum's next visit.
            sql=[
                f"CREATE STATISTICS {STATISTICS} ON band, {BITS} FROM accounts_accounthealth",
                "ANALYZE accounts_accounthealth",
            ],
            reverse_sql=[f"DROP STATISTICS IF EXISTS {STATISTICS}"],
        ),
    ]
