"""Reusable filters for the governance models."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Exists, ForeignObjectRel, OuterRef, Q

from governance.roles import is_member_state_user, is_secretariat

if TYPE_CHECKING:
    # Named in quotes as the querysets' type parameters (ruff does not look inside those).
    from governance.models import DocumentReference, Membership  # noqa: F401


class MembershipQuerySet(models.QuerySet["Membership"]):
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


class DocumentQuerySet(models.QuerySet["DocumentReference"]):
    def _readable(self, accesses: tuple[str, ...]) -> DocumentQuerySet:
        """Published, of one of these accesses, and not tied only to unpublished sessions."""
        ties, published_ties = [], []
        for name, to_session in SESSION_TIES:
            relation = self.model._meta.get_field(name)
            if not isinstance(relation, ForeignObjectRel):
                raise TypeError(f"DocumentReference.{name} is not a link from another model")
            links = relation.field.model._default_manager.filter(
                **{relation.field.name: OuterRef("pk")}
            )
            session = f"{to_session}__" if to_session else ""
            ties.append(Exists(links))
            published_ties.append(Exists(links.filter(**{f"{session}is_published": True})))
        tied, published = reduce(or_, ties), reduce(or_, published_ties)
        return self.filter(is_published=True, access__in=accesses).filter(~tied | published)

    def public(self) -> DocumentQuerySet:
        """What an anonymous reader may see anywhere (a page, a list, a count, a link, a key, a
        search hit, a feed, an e-mail): published, of public access, and not tied only to
        unpublished sessions. The one rule; every public read asks it.

        A document on the agenda of a published session, or its report, has a tie to a
        published session, so for it this rule is exactly `DocumentReference.is_public`: feeds,
        e-mails and session representations check that in memory."""
        return self._readable(("public",))

    def for_member_states(self) -> DocumentQuerySet:
        """What a Member State's users may see: the public documents and, by the same rule,
        those restricted to Member States."""
        return self._readable(("public", "restricted"))

    def visible_to(self, user) -> DocumentQuerySet:
        """All documents for the secretariat; with those restricted to Member States for a Member
        State's users; the public ones for everyone else."""
        if is_secretariat(user):
            return self
        if is_member_state_user(user):
            return self.for_member_states()
        return self.public()

    def originals(self) -> DocumentQuerySet:
        return self.filter(parent__isnull=True)

    def matching(self, text: str) -> DocumentQuerySet:
        return self.filter(document_matches(text))


def document_matches(text: str) -> Q:
    """A document whose symbol, or title in any of the three languages, contains ``text``."""
    return (
        Q(symbol__icontains=text)
        | Q(title__icontains=text)
        | Q(title_fr__icontains=text)
        | Q(title_es__icontains=text)
    )
