from django.conf import settings
from django.core.management.base import BaseCommand

from copilot.actions.services import recommendations_expire


class Command(BaseCommand):
    help = (
        "Expire the proposed actions nobody accepted, dismissed or did within RECOMMENDATION_TTL_DAYS. "
        "Safe to run at any time (Celery beat runs it hourly); reads expire them as they go too."
    )

    def handle(self, *args, **options):
        expired = recommendations_expire()
        days = settings.RECOMMENDATION_TTL_DAYS
        self.stdout.write(f"Expired {expired} proposed action(s) older than {days} day(s).")
