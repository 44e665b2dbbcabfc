import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from accounts.history.services import backfill as fill_past
from accounts.history.services import snapshot_accounts
from accounts.models import Account

MAX_BACKFILL_DAYS = 365


class Command(BaseCommand):
    help = (
        "Write today's health snapshot of every account and refresh its stored current health "
        "(run it daily: time alone changes health). Running it again the same day rewrites the same "
        "rows. --backfill DAYS first fills the DAYS days before today from the facts as they stood then."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backfill",
            type=int,
            default=0,
            metavar="DAYS",
            help=f"also fill the DAYS days before today (1-{MAX_BACKFILL_DAYS})",
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="accounts per write (default 1000)")

    def handle(self, *args, backfill: int, batch_size: int, **options):
        if not 0 <= backfill <= MAX_BACKFILL_DAYS:
            self.stderr.write(f"--backfill must be between 0 and {MAX_BACKFILL_DAYS} days")
            raise SystemExit(2)
        if batch_size < 1:
            self.stderr.write("--batch-size must be 1 or more")
            raise SystemExit(2)
        accounts = Account.objects.count()
        with tqdm(
            total=accounts * (backfill + 1),
            unit="account",
            desc="health snapshots",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        ) as bar:
            if backfill:
                filled = fill_past(backfill, batch_size=batch_size, progress=bar.update)
                self.stdout.write(f"Back-filled {backfill} day(s): {filled} snapshot(s).")
            written = snapshot_accounts(batch_size=batch_size, progress=bar.update)
        self.stdout.write(f"Today's health: {written} account(s) snapshotted and refreshed.")
