"""manage.py prune_registration_letters: delete stored letters that no registration names."""

import datetime as dt

from django.core.management.base import BaseCommand

from meetings.services.letters import registration_letters_prune


class Command(BaseCommand):
    help = (
        "Delete the delegations' stored letters that no registration names (left by a failed "
        "transaction), if stored more than --hours ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24.0)

    def handle(self, *args, hours: float, **options):
        removed = registration_letters_prune(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"Deleted {len(removed)} stored letters no registration names.")
