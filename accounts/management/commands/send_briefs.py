from django.core.management.base import BaseCommand

from accounts.briefs.services import briefs_send


class Command(BaseCommand):
    help = (
        "Email each account manager today's morning brief: accounts whose band worsened or that gained a "
        "signal since yesterday, contracts ending within 30 days, and what other apps add. At most one "
        "brief per manager per day; managers with nothing to report, no email address or briefs turned "
        "off get none. Run it after snapshot_health."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print the briefs that would be sent; send and record nothing"
        )

    def handle(self, *args, dry_run: bool, **options):
        run = briefs_send(dry_run=dry_run)
        for preview in run.previews:
            self.stdout.write(f"To: {preview.to}\nSubject: {preview.subject}\n\n{preview.text}\n{'=' * 72}")
        done = f"Dry run: {len(run.previews)} brief(s) would be sent" if dry_run else f"Sent {run.sent} brief(s)"
        self.stdout.write(
            f"{done} for {run.day.isoformat()}; {run.nothing_to_report} manager(s) had nothing to report, "
            f"{run.already_claimed} already had today's."
        )
        if run.failed:
            self.stderr.write(f"{run.failed} brief(s) could not be sent (see the log); the next run retries them.")
            raise SystemExit(1)
