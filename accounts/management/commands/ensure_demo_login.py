import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.services import DEMO_OWNERS


class Command(BaseCommand):
    help = "Give the first demo account manager a generated password, printed once, so the app can be tried."

    def handle(self, *args, **options):
        username = DEMO_OWNERS[0]
        manager = get_user_model().objects.filter(username=username).first()
        if manager is None:
            self.stderr.write(f"No demo manager '{username}': run `manage.py seed_demo` first.")
            raise SystemExit(1)
        if manager.has_usable_password():
            self.stdout.write(
                f"Demo manager '{username}' exists: log in with the password shown the first time "
                f"(lost it? `manage.py changepassword {username}`)."
            )
            return
        password = secrets.token_urlsafe(12)
        manager.set_password(password)
        manager.save(update_fields=["password"])
        self.stdout.write(f"Demo manager '{username}' (owns demo accounts) with password: {password}  (shown once)")
