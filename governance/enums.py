"""Choices shared by the governance models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    GOVERNING_BODY = "governing_body", _("Governing body")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    SUBCOMMITTEE = "subcommittee", _("Subcommittee")
    WORKING_GROUP = "working_group", _("Working group")
    DIALOGUE_FORUM = "dialogue_forum", _("Dialogue forum")
    CONSULTATION = "consultation", _("Informal consultations")
    ADMINISTRATION = "administration", _("Administration")
    EXTERNAL_FORUM = "external_forum", _("External forum")
    REGIONAL_PROCESS = "regional_process", _("Regional consultative process")


class EntityKind(models.TextChoices):
    STATE = "state", _("State")
    ORGANIZATION = "organization", _("Organization")


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact days")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    SEASON = "season", _("Season")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Unknown")


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Report")
    INFORMATION = "information", _("Information paper")
    WORKING_PAPER = "working_paper", _("Working paper")
    CONFERENCE_ROOM_PAPER = "conference_room_paper", _("Conference room paper")
    RESOLUTION = "resolution", _("Resolution")
    FINANCIAL = "financial", _("Financial report")
    PROGRAMME_BUDGET = "programme_budget", _("Programme and budget")
    INTERNAL = "internal", _("Internal")
    UN = "un", _("United Nations document")
    # Documents of others that the texts cite: a State's laws and bills, treaties, and what
    # conferences and other organizations adopt (who issued one is DocumentReference.issued_by).
    NATIONAL_LAW = "national_law", _("National law, decree or bill")
    TREATY = "treaty", _("Treaty or convention")
    DECLARATION = "declaration", _("Declaration or statement")
    OTHER = "other", _("Other")


class DocumentAccess(models.TextChoices):
    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("Restricted to Member States")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")


class MissionKind(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member State")
    OBSERVER_STATE = "observer_state", _("Observer State")
    OBSERVER_ORGANIZATION = "observer_organization", _("Observer organization")


class MissionRole(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    DELEGATE = "delegate", _("Delegate")


class SearchKind(models.TextChoices):
    SESSION = "session", _("Session")
    MEETING = "meeting", _("Meeting")
    AGENDA_ITEM = "agenda_item", _("Agenda item")
    DOCUMENT = "document", _("Document")
    DECISION = "decision", _("Resolution or decision")
    BODY = "body", _("Body")
    ENTITY = "entity", _("Member or Observer")
    PERSON = "person", _("Person")
