"""manage.py export_data FILE.json.gz: the whole database in one portable file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from governance.backup import export_database


class Command(BaseCommand):
    help = "Export the whole database to a portable file (gzipped JSON with natural keys)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.name.endswith(".json.gz"):
            path = path.with_name(path.name + ".json.gz")
        count = export_database(path)
        self.stdout.write(f"Exported {count} records to {path}.")
