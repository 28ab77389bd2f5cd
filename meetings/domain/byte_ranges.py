"""The one byte range of an HTTP ``Range`` request (RFC 9110, section 14), for serving files.

Django's FileResponse sends the whole file; a reader resuming a download or a PDF viewer
fetching pages asks for one range. A header this does not understand, or one asking for
several ranges, is ignored and the whole file is sent, as RFC 9110 allows a server to do.
"""

from __future__ import annotations

import re
from typing import Literal

SINGLE_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
UNSATISFIABLE: Literal["unsatisfiable"] = "unsatisfiable"


def byte_range(header: str, size: int) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """The first and last byte (inclusive) asked for by ``header`` of a file of ``size`` bytes;
    UNSATISFIABLE when no byte of it is in the file (a 416); None to send the whole file."""
    match = SINGLE_RANGE.match(header or "")
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            return UNSATISFIABLE
        return max(size - suffix, 0), size - 1
    start = int(first)
    if last != "" and int(last) < start:  # invalid: ignored
        return None
    if start >= size:
        return UNSATISFIABLE
    end = size - 1 if last == "" else min(int(last), size - 1)
    return start, end
