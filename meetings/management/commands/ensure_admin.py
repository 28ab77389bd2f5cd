"""Create a development admin login if none exists, and say how to log in."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the development superuser (admin / the ADMIN_PASSWORD setting) when no superuser exists."

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An admin login exists; log in at /admin/ (create another with `manage.py createsuperuser`)."
            )
            return
        if settings.PRODUCTION:
            self.stdout.write("No admin login yet: run `manage.py createsuperuser`.")
            return
        password = os.environ.get("ADMIN_PASSWORD", "admin")
        User.objects.create_superuser("admin", "admin@example.org", password)
        self.stdout.write(
            f"Created the development admin: user 'admin', password '{password}', at /admin/."
        )
