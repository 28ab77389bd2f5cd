"""Reusable filters for the governance models."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Q


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


class DocumentQuerySet(models.QuerySet):
    def public(self) -> DocumentQuerySet:
        return self.filter(is_published=True, access="public")

    def originals(self) -> DocumentQuerySet:
        return self.filter(parent__isnull=True)
