import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from copilot.ledger import rollups


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"'{value}' is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Recompute the daily usage rollups the dashboards read from the raw AnalysisRequest and "
        "TokenUsage rows, report every difference, and replace the stored rollups where they differ. "
        "Days are local days in TIME_ZONE. Exit codes: 0 the rollups equal the raw rows (now or "
        "after fixing), 1 differences found with --check (nothing changed), 2 bad arguments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=iso_date, help="First day to rebuild (default: all history).")
        parser.add_argument("--until", type=iso_date, help="Last day to rebuild, inclusive (default: all history).")
        parser.add_argument("--check", action="store_true", help="Only compare and report; change nothing.")

    def handle(self, *args, since=None, until=None, check=False, **options):
        if since and until and since > until:
            raise CommandError("--since is after --until.")
        started = time.perf_counter()
        report = rollups.rebuild(first=since, last=until, fix=not check)
        elapsed = time.perf_counter() - started
        period = f"{since or 'the first day'} to {until or 'the last day'}"
        self.stdout.write(f"Compared rollups with {report.raw_requests} finished call(s), {period}, in {elapsed:.1f}s.")
        for difference in report.differences:
            if not difference.rows:
                self.stdout.write(f"  {difference.table}: equal")
                continue
            self.stdout.write(
                f"  {difference.table}: {difference.missing} missing, {difference.extra} extra, "
                f"{difference.changed} different row(s)"
            )
            for example in difference.examples:
                self.stdout.write(f"    {example}")
        if report.clean:
            self.stdout.write(self.style.SUCCESS("The rollups equal the raw rows."))
        elif check:
            self.stderr.write("The rollups differ from the raw rows; run without --check to rebuild them.")
            raise SystemExit(1)
        else:
            self.stdout.write(self.style.SUCCESS("Rebuilt: the rollups now equal the raw rows."))
