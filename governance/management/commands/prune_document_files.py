"""manage.py prune_document_files: delete stored files that no document's version names."""

import datetime as dt

from django.core.management.base import BaseCommand

from governance.services import document_files_prune


class Command(BaseCommand):
    help = (
        "Delete the documents' stored files that no language version names any more (left by a "
        "failed transaction or a deleted document), if stored more than --hours ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24.0)

    def handle(self, *args, hours: float, **options):
        removed = document_files_prune(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"Deleted {len(removed)} stored files no version names.")
