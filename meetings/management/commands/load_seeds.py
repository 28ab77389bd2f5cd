"""Load the seed records (seeds/data/*.yaml) taken from the five source texts."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance.dbstats import refresh_statistics
from meetings.seeding import SeedError, load_seeds


class Command(BaseCommand):
    help = "Load the structured seed records; idempotent, all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dir",
            default=str(Path(settings.BASE_DIR) / "seeds" / "data"),
            help="Folder of YAML files.",
        )

    def handle(self, *args, **options) -> None:
        directory = Path(options["dir"])
        if not directory.is_dir():
            raise CommandError(f"No seed folder at {directory}.")
        try:
            report = load_seeds(directory)
        except SeedError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        refresh_statistics()
        for line in report.lines():
            self.stdout.write(line)
