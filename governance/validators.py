"""Names and titles are one line of plain text.

A name that holds a line break is not only ugly: it ends up in mail headers (BadHeaderError),
CSV cells and iCalendar lines. Refused here, on the model fields, so the admin, the API, the
CSV import and the seed loader all refuse it through full_clean or the serializer.

Refused: Unicode category Cc (the C0 and C1 controls: NUL, TAB, LF, CR, ESC, DEL, NEL...),
Zl and Zp (U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR: line breaks to many readers)
and Cs (lone surrogates: not text at all, and PostgreSQL cannot store them).
Allowed, on purpose: Cf (format characters: the zero-width joiners of Persian, Indic and emoji
spelling, the direction marks of Arabic and Hebrew names, the soft hyphen) break no line and
no header; Co (private use) and Cn (not yet assigned: a newer Unicode than Python's) are
ordinary characters to a mail header or a CSV cell.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Written as ranges, not looked up per character: Unicode's stability policy fixes the Cc set,
# and Zl, Zp and Cs have no other members (tests/governance/test_validators.py checks this).
REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_CONTROL_RUN = re.compile(r"\s*(?:" + CONTROL_CHARACTERS.pattern + r"\s*)+")


def validate_single_line(value: str) -> None:
    """Refuse line breaks, tabs and other control characters in a name or title."""
    found = CONTROL_CHARACTERS.search(value)
    if found is not None:
        raise ValidationError(
            _(
                "Names and titles are one line of plain text: remove the control character "
                "%(character)s at position %(position)s."
            ),
            code="control_character",
            params={
                "character": f"U+{ord(found.group()):04X}",
                "position": found.start() + 1,
            },
        )


def single_line(text: str) -> str:
    """The text with each run of control characters (and the spaces around it) made one space:
    for mail headers built from rows stored before the validator, or written around it."""
    return _CONTROL_RUN.sub(" ", text).strip()
