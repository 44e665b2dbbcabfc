import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure an admin user exists. Uses DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD / "
        "DJANGO_SUPERUSER_EMAIL when set; otherwise creates 'admin' with a generated password, printed once."
    )

    def handle(self, *args, **options):
        users = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", f"{username}@example.com")
        user = users.objects.filter(username=username).first()
        if user is not None:
            if password:
                user.set_password(password)
                user.is_staff = user.is_superuser = True
                user.save()
                self.stdout.write(f"Admin user '{username}': password set from DJANGO_SUPERUSER_PASSWORD.")
            else:
                self.stdout.write(
                    f"Admin user '{username}' exists: log in with the password you set for it "
                    f"(lost the generated one? `manage.py changepassword {username}`)."
                )
            return
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email=email, password=password)
        if generated:
            self.stdout.write(
                f"Created admin user '{username}' with password: {password}\n"
                "  (shown only this once; change it in the admin or with `manage.py changepassword`)"
            )
        else:
            self.stdout.write(f"Created admin user '{username}' with the password from DJANGO_SUPERUSER_PASSWORD.")
