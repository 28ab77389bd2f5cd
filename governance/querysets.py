"""Reusable filters for the governance models."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from governance.roles import is_secretariat


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        """Memberships certainly in force on a day (begun by their latest start, not yet ended)."""
        return self.filter(start_latest__lte=day).filter(Q(end_on__isnull=True) | Q(end_on__gt=day))

    def counts_on(self, day: dt.date) -> dict[str, int]:
        """{'member': n, 'observer': m} on a day, in one query."""
        rows = self.active_on(day).values("status").annotate(n=Count("entity", distinct=True))
        counts = {"member": 0, "observer": 0}
        counts.update({row["status"]: row["n"] for row in rows})
        return counts


# How a document is tied to sessions (the related names of the links meetings keeps to it;
# governance does not import meetings). A paper tied only to sessions that are not published
# would announce them: it stays hidden until one of them is published.
SESSION_TIES = (
    ("session_links", "session"),  # meetings.SessionDocument
    ("agenda_items", "session"),  # meetings.AgendaItem.documents
    ("report_of", None),  # meetings.Session.report
)


class DocumentQuerySet(models.QuerySet):
    def public(self) -> DocumentQuerySet:
        """What an anonymous reader may see anywhere (a page, a list, a count, a link, a key, a
        search hit, a feed, an e-mail): published, of public access, and not tied only to
        unpublished sessions. The one rule; every public read asks it.

        A document on the agenda of a published session, or its report, has a tie to a
        published session, so for it this rule is exactly `DocumentReference.is_public`: feeds,
        e-mails and session representations check that in memory."""
        tied = published = None
        for name, to_session in SESSION_TIES:
            field = self.model._meta.get_field(name)
            links = field.related_model._default_manager.filter(
                **{field.field.name: OuterRef("pk")}
            )
            session = f"{to_session}__" if to_session else ""
            tie, public_tie = (
                Exists(links),
                Exists(links.filter(**{f"{session}is_published": True})),
            )
            tied = tie if tied is None else tied | tie
            published = public_tie if published is None else published | public_tie
        return self.filter(is_published=True, access="public").filter(~tied | published)

    def visible_to(self, user) -> DocumentQuerySet:
        """All documents for the secretariat, the public ones for everyone else."""
        return self if is_secretariat(user) else self.public()

    def originals(self) -> DocumentQuerySet:
        return self.filter(parent__isnull=True)
