"""Who takes part in a session: the list of participants (from the registrations in order) and
the credentials report (each Member State's credentials), as the Rapporteur needs it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Mission, MissionKind
from meetings.models import Delegate, Registration, Session
from meetings.models.enums import CredentialsState, DelegatePosition, RegistrationStatus

POSITION_ORDER = {position: index for index, position in enumerate(DelegatePosition.values)}
# The groups in the order the organization publishes them, with their headings.
GROUPS = {
    MissionKind.MEMBER_STATE: _("Member States"),
    MissionKind.OBSERVER_STATE: _("Observer States"),
    MissionKind.OBSERVER_ORGANIZATION: _("Observer organizations"),
}


@dataclass(frozen=True)
class Delegation:
    mission: Mission
    delegates: list[Delegate]


@dataclass(frozen=True)
class ParticipantGroup:
    kind: str
    label: str
    delegations: list[Delegation]


@dataclass(frozen=True)
class ParticipantList:
    session: Session
    is_final: bool  # after the session; provisional before and during it
    groups: list[ParticipantGroup]


def _in_order(session: Session) -> list[Registration]:
    return list(
        Registration.objects.filter(session=session, status=RegistrationStatus.IN_ORDER)
        .select_related("mission__entity")
        .prefetch_related(
            "mission__entity__memberships",
            Prefetch("delegates", queryset=Delegate.objects.order_by("pk")),
        )
        .order_by("mission__entity__short_name")
    )


def participant_list(session: Session, *, today: dt.date | None = None) -> ParticipantList:
    """Grouped as the organization publishes it: Members, Observer States, observer
    organizations; each delegation's head first, then representatives, alternates, advisers.
    Three queries whatever the number of delegations."""
    today = today or timezone.localdate()
    by_kind: dict[str, list[Delegation]] = {kind: [] for kind in GROUPS}
    for registration in _in_order(session):
        delegates = sorted(registration.delegates.all(), key=lambda d: POSITION_ORDER[d.position])
        by_kind[registration.mission.kind].append(Delegation(registration.mission, delegates))
    groups = [
        ParticipantGroup(kind, str(label), by_kind[kind])
        for kind, label in GROUPS.items()
        if by_kind[kind]
    ]
    last_day = session.end_date or session.start_date
    return ParticipantList(session, last_day is not None and last_day < today, groups)


@dataclass(frozen=True)
class CredentialsReport:
    session: Session
    in_order: list[Mission]
    without_original: list[Mission]
    not_received: list[Mission]


def credentials_report(session: Session) -> CredentialsReport:
    """Each Member State's mission by the state of its credentials for the session."""
    state = {
        registration.mission_id: registration.credentials
        for registration in Registration.objects.filter(
            session=session, status=RegistrationStatus.IN_ORDER
        )
    }
    members = [
        mission
        for mission in Mission.objects.select_related("entity")
        .prefetch_related("entity__memberships")
        .order_by("entity__short_name")
        if mission.kind == MissionKind.MEMBER_STATE
    ]
    return CredentialsReport(
        session,
        [m for m in members if state.get(m.pk) == CredentialsState.IN_ORDER],
        [m for m in members if state.get(m.pk) == CredentialsState.WITHOUT_ORIGINAL],
        [
            m
            for m in members
            if state.get(m.pk) not in (CredentialsState.IN_ORDER, CredentialsState.WITHOUT_ORIGINAL)
        ],
    )
