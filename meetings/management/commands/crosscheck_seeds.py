"""Scan the five texts for symbols, resolutions, sessions and documents cited by number; fail if
any is missing from the data."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from meetings.seeding.crosscheck import crosscheck


class Command(BaseCommand):
    help = (
        "Print a coverage table of the texts' mentions against the database; fail when incomplete."
    )

    def handle(self, *args, **options) -> None:
        coverage = crosscheck()
        for line in coverage.table():
            self.stdout.write(line)
        if not coverage.complete:
            raise CommandError("Some mentions in the texts are not in the data (see above).")
