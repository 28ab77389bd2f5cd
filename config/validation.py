"""One way to put a ValidationError into words for people, used by the admin's pages, the CSV
import and the API: a field's messages after its name ("start_date: Enter a valid date."), the
messages about the whole record alone (never "__all__: ..."), each message once."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def error_lines(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(dict.fromkeys(error.messages))
    lines: list[str] = []
    for name, messages in error.message_dict.items():
        text = " ".join(dict.fromkeys(messages))
        lines.append(text if name == NON_FIELD_ERRORS else f"{name}: {text}")
    return lines


def error_text(error: ValidationError) -> str:
    return "; ".join(error_lines(error))
