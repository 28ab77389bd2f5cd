"""The admin of the standing structure: bodies, people, documents, memberships, history."""

from governance.admin import history, records  # noqa: F401  (registers them)
