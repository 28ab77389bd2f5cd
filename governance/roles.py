"""The secretariat's permission groups, by name."""

EDITORS = "Secretariat editors"
VIEWERS = "Secretariat viewers"
