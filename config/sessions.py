"""Database sessions that refuse malformed session keys before they reach the database.

A cookie with a NUL byte would otherwise be sent to PostgreSQL, which raises on it (a 500
for any request carrying such a cookie). Django's own keys are 32 lowercase letters and digits.
"""

import re

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

VALID_KEY = re.compile(r"^[a-z0-9]{8,64}$")


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key) -> bool:
        return bool(key) and VALID_KEY.match(key) is not None
