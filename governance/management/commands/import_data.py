"""manage.py import_data FILE.json.gz: restore an export into an empty, migrated database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from governance.backup import import_database
from governance.dbstats import refresh_statistics


class Command(BaseCommand):
    help = "Import an export_data file into an empty, migrated database (one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        count = import_database(path)
        refresh_statistics()
        self.stdout.write(f"Imported {count} records from {path}.")
