from django.core.management.base import BaseCommand

from accounts.services import seed_demo


class Command(BaseCommand):
    help = (
        "Load deterministic demo accounts with deals and activities that show every health signal. "
        "Existing demo accounts are left as they are, so running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=24, help="how many demo accounts (default 24)")

    def handle(self, *args, accounts: int, **options):
        if accounts < 0:
            self.stderr.write("--accounts must be zero or more")
            raise SystemExit(2)
        report = seed_demo(accounts=accounts)
        self.stdout.write(f"Demo data: {report.created} account(s) created, {report.existing} already present.")
