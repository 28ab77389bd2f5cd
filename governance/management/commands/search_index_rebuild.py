"""Build the search index again from the records (batched; when each record was first public is
kept)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from config.changes import data_changed
from governance.services.search_index import search_index_rebuild


class Command(BaseCommand):
    help = "Build the search index again from every record (keeps when each was first public)."

    def handle(self, *args, **options) -> None:
        total = search_index_rebuild(stdout=self.stdout.write)
        data_changed()
        self.stdout.write(self.style.SUCCESS(f"{total} search entries written."))
