"""The secretariat's permission groups, by name, and who belongs to them (querysets and the API
both ask, so it lives below either)."""

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
