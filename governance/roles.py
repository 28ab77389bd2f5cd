"""The secretariat's permission groups, by name, and who belongs to them (querysets and the API
both ask, so it lives below either)."""

from django.core.exceptions import ObjectDoesNotExist

EDITORS = "Secretariat editors"
VIEWERS = "Secretariat viewers"


def is_secretariat(user) -> bool:
    """Staff of either group (or superusers) see unpublished sessions and their documents."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=[EDITORS, VIEWERS]).exists()


def is_editor(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS).exists()


def is_member_state_user(user) -> bool:
    """A user of the mission of a current Member State (its focal points and delegates), who may
    read what is restricted to Member States."""
    if not user or not user.is_authenticated:
        return False
    try:
        member = user.mission_member  # through the relation: roles sits below the models
    except ObjectDoesNotExist:
        return False
    return member.mission.entity.memberships.filter(status="member", end_on__isnull=True).exists()
