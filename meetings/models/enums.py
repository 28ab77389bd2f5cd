"""Choices for what is on the calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    SPECIAL = "special", _("Special")
    UNKNOWN = "unknown", _("Not stated")


class SessionStatus(models.TextChoices):
    TENTATIVE = "tentative", _("Tentative")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class RevisionKind(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    SET = "set", _("Set")
    CHANGED = "changed", _("Changed")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingPart(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    FULL = "full", _("Full day")


class AgendaItemKind(models.TextChoices):
    ELECTION = "election", _("Election of officers")
    CONFIRMATION = "confirmation", _("Confirmation")
    ADMISSION = "admission", _("Admission of Members and Observers")
    ADOPTION = "adoption", _("Adoption of the agenda")
    REPORT = "report", _("Report")
    BUDGET = "budget", _("Budget and finance")
    PANEL = "panel", _("Panel")
    IDM = "idm", _("International Dialogue on Migration")
    TENTATIVE_DATES = "tentative_dates", _("Tentative dates of sessions")
    AOB = "aob", _("Any other business")
    OTHER = "other", _("Other")


class BureauRole(models.TextChoices):
    CHAIRPERSON = "chairperson", _("Chairperson")
    FIRST_VICE_CHAIRPERSON = "first_vice_chairperson", _("First Vice-Chairperson")
    SECOND_VICE_CHAIRPERSON = "second_vice_chairperson", _("Second Vice-Chairperson")
    VICE_CHAIRPERSON = "vice_chairperson", _("Vice-Chairperson")
    RAPPORTEUR = "rapporteur", _("Rapporteur")


class DecisionKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    ADMISSION = "admission", _("Admission")
    ELECTION = "election", _("Election")
    CONFIRMATION = "confirmation", _("Confirmation")
    OTHER = "other", _("Other decision")


class SessionDocumentRole(models.TextChoices):
    PREPARED_FOR = "prepared_for", _("Prepared for the session")
    REPORT = "report", _("Report of the session")
    REFERENCE = "reference", _("Referred to")


class LetterKind(models.TextChoices):
    """What a delegation's registration must carry (the Council's rules: a formal communication
    naming the representatives, alternates and advisers)."""

    CREDENTIALS = "credentials", _("Credentials letter")
    NOTE_VERBALE = "note_verbale", _("Note verbale")
    NOMINATION = "nomination", _("Nomination letter")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet submitted")
    SUBMITTED = "submitted", _("Submitted")
    IN_ORDER = "in_order", _("In order")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CredentialsState(models.TextChoices):
    IN_ORDER = "in_order", _("Credentials in order")
    WITHOUT_ORIGINAL = "without_original", _("Received, original to follow")
    NOT_RECEIVED = "not_received", _("Not received")


class DelegatePosition(models.TextChoices):
    """In the order the list of participants gives them."""

    HEAD = "head", _("Head of delegation")
    REPRESENTATIVE = "representative", _("Representative")
    ALTERNATE = "alternate", _("Alternate")
    ADVISER = "adviser", _("Adviser")
