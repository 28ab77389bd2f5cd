"""Plan, publish and mark a demonstration year (`make run` runs it after the seeds; `make serve`
never does), or remove it again with --remove."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from meetings.services.demonstration import demo_year_create, demo_year_remove


class Command(BaseCommand):
    help = (
        "Plan the coming year from each body's rhythm, publish it and mark every session as a "
        "demonstration (idempotent); --remove deletes the demonstration sessions. "
        "Refuses with DEBUG off unless --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--year", type=int, help="The year to plan (default: next calendar year)."
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Delete the demonstration sessions (of --year if given, else all).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create demonstration sessions even with DEBUG off (never on a real calendar).",
        )

    def handle(self, *args, **options) -> None:
        year: int | None = options["year"]
        if options["remove"]:
            # Allowed with DEBUG off: it deletes only what this command marked, which is how
            # demonstration sessions that reached a real calendar are taken out again.
            removed = demo_year_remove(year=year)
            where = f" of {year}" if year else ""
            self.stdout.write(f"Removed {removed} demonstration session(s){where}.")
            return
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to create demonstration sessions: DEBUG is off, so this may be a real "
                "calendar that delegates read. Run it in development (DEBUG=1), or pass --force "
                "if you really want published demonstration sessions here."
            )
        year = timezone.localdate().year + 1 if year is None else year
        try:
            result = demo_year_create(year=year)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if not result.created:
            self.stdout.write(
                f"Nothing to create: {year} is already planned "
                f"({result.existing} demonstration session(s))."
            )
            return
        self.stdout.write(
            f"Created and published {len(result.created)} demonstration session(s) for {year}, "
            "planned from each body's rhythm:"
        )
        for session in result.created:
            self.stdout.write(
                f"  {session.key}: {session.title_in('en')}, {session.dates_label('en')}"
            )
        self.stdout.write("Remove them with `manage.py create_demo_year --remove`.")
