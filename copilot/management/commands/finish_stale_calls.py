"""``manage.py finish_stale_calls``: finish as failed (INTERRUPTED) the calls whose process died."""

from django.core.management.base import BaseCommand

from copilot.analysis.recovery import stale_after, stale_calls_finish


class Command(BaseCommand):
    help = "Finish as failed (INTERRUPTED) the pending calls older than the provider timeout × attempts plus a margin."

    def handle(self, *args, **options):
        finished = stale_calls_finish()
        older = f"pending for more than {stale_after().total_seconds():.0f} s"
        if finished:
            self.stdout.write(f"Finished {len(finished)} interrupted call(s) {older}: {', '.join(map(str, finished))}.")
        else:
            self.stdout.write(f"No call {older}.")
