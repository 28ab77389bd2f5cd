"""What happens at a session: its agenda, its bureau, its decisions and its documents."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.enums import DatePrecision
from governance.models import (
    Body,
    DocumentReference,
    Entity,
    Membership,
    Person,
)
from governance.models.base import Sourced, TimeStamped
from governance.validators import validate_single_line
from meetings.models.enums import AgendaItemKind, BureauRole, DecisionKind, SessionDocumentRole
from meetings.models.sessions import Meeting, Session

# An agenda item as drafts, the CSV and the admin's agenda box hold it (its parent by label).
AGENDA_ITEM_FIELDS = ("label", "title", "title_fr", "title_es", "kind", "parent")


class AgendaItem(Sourced, TimeStamped):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-item of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(
        _("item"),
        max_length=20,
        blank=True,
        help_text=_('"1", "2", "(a)"'),
        validators=[validate_single_line],
    )
    title = models.CharField(_("title"), max_length=400, validators=[validate_single_line])
    title_fr = models.CharField(
        _("title in French"), max_length=400, blank=True, validators=[validate_single_line]
    )
    title_es = models.CharField(
        _("title in Spanish"), max_length=400, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.OTHER
    )
    documents = models.ManyToManyField(
        DocumentReference, verbose_name=_("documents"), blank=True, related_name="agenda_items"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()

    def clean(self) -> None:
        if self.parent is not None and self.parent.session_id != self.session_id:
            raise ValidationError({"parent": _("A sub-item must belong to the same session.")})


class BureauMember(Sourced, TimeStamped):
    """An office of a body's bureau, held for a State; the person may be unknown (only the seat)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="bureau_members"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("elected or serving at"),
        on_delete=models.CASCADE,
        related_name="bureau_members",
    )
    role = models.CharField(_("office"), max_length=30, choices=BureauRole.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
    )
    state = models.ForeignKey(
        Entity,
        verbose_name=_("representing"),
        on_delete=models.PROTECT,
        related_name="bureau_seats",
    )
    is_acting = models.BooleanField(_("acting"), default=False)
    presiding_note = models.CharField(
        _("presiding note"), max_length=300, blank=True, validators=[validate_single_line]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bureau member")
        verbose_name_plural = _("bureau members")
        ordering = ["session", "role", "is_acting"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "role"],
                condition=Q(is_acting=False),
                name="one_holder_per_office_per_session",
                violation_error_message=_(
                    "This office already has a holder at this session (record others as acting)."
                ),
            ),
        ]

    def __str__(self) -> str:
        holder = str(self.person) if self.person_id else _("the representative")
        acting = _("acting ") if self.is_acting else ""
        return f"{acting}{self.get_role_display()}: {holder} ({self.state})"

    def clean(self) -> None:
        if self.session_id and self.body_id and self.session.body_id != self.body_id:
            raise ValidationError(
                {"session": _("The session must be one of this body's sessions.")}
            )


class Decision(Sourced, TimeStamped):
    """A decision taken at a session: a resolution, an admission, an election, a confirmation."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    meeting_number = models.PositiveIntegerField(
        _("meeting number (as stated)"), null=True, blank=True
    )
    adopted_on = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    title = models.CharField(
        _("title"), max_length=400, blank=True, validators=[validate_single_line]
    )
    title_fr = models.CharField(
        _("title in French"), max_length=400, blank=True, validators=[validate_single_line]
    )
    title_es = models.CharField(
        _("title in Spanish"), max_length=400, blank=True, validators=[validate_single_line]
    )
    resolution_number = models.PositiveIntegerField(
        _("resolution number"), null=True, blank=True, unique=True
    )
    numeral = models.CharField(
        _("session numeral"),
        max_length=20,
        blank=True,
        help_text=_("Roman numeral of the Council session, e.g. XCIII"),
    )
    documents = models.ManyToManyField(
        DocumentReference, verbose_name=_("documents"), blank=True, related_name="decisions"
    )
    recalls = models.ManyToManyField(
        "self", verbose_name=_("recalls"), symmetrical=False, blank=True, related_name="recalled_by"
    )
    negates = models.ManyToManyField(
        "self", verbose_name=_("negates"), symmetrical=False, blank=True, related_name="negated_by"
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["adopted_on", "resolution_number", "key"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.resolution_number:
            numeral = f" ({self.numeral})" if self.numeral else ""
            return f"Resolution No. {self.resolution_number}{numeral}"
        return self.title or self.key

    def clean(self) -> None:
        from governance.domain.numerals import from_roman

        errors: dict[str, str | Promise] = {}
        if (
            self.kind == DecisionKind.RESOLUTION
            and self.resolution_number is None
            and not self.title
        ):
            errors["resolution_number"] = _(
                "A resolution needs its number (or a title when the number is not known)."
            )
        if self.numeral:
            try:
                value = from_roman(self.numeral)
            except ValueError as error:
                errors["numeral"] = str(error)
            else:
                session = self.session  # no query when there is none
                if session is not None and session.number and session.number != value:
                    errors["numeral"] = _(
                        "%(numeral)s is session %(value)s, but the decision is at session %(number)s."
                    ) % {
                        "numeral": self.numeral,
                        "value": value,
                        "number": session.number,
                    }
        if errors:
            raise ValidationError(errors)


class Admission(TimeStamped):
    """The admission of a Member or Observer: the decision and the membership it began."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="admissions"
    )
    membership = models.OneToOneField(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="admission"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("admission")
        verbose_name_plural = _("admissions")

    def __str__(self) -> str:
        return f"{self.membership} by {self.decision}"


class Election(TimeStamped):
    """An election decided at a session, e.g. a Director General after several rounds."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="election"
    )
    office = models.CharField(_("office"), max_length=200, validators=[validate_single_line])
    person = models.ForeignKey(
        Person,
        verbose_name=_("elected"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elections",
    )
    rounds = models.PositiveSmallIntegerField(_("rounds of voting"), null=True, blank=True)
    majority = models.CharField(
        _("majority required"), max_length=100, blank=True, validators=[validate_single_line]
    )
    term_starts = models.DateField(_("term starts"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return f"{self.office}: {self.person}"


class SessionDocument(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="session_documents")
    document = models.ForeignKey(
        DocumentReference, on_delete=models.CASCADE, related_name="session_links"
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=SessionDocumentRole.choices,
        default=SessionDocumentRole.PREPARED_FOR,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session document")
        verbose_name_plural = _("session documents")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "document", "role"], name="unique_session_document_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.get_role_display()})"
