"""The admin of the standing structure: bodies, people, documents, memberships, history."""

from governance.admin import history, missions, records  # noqa: F401  (registers them)
