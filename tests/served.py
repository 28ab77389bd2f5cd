"""A request served as gunicorn serves it, and what it leaves alive for the garbage collector."""

from __future__ import annotations

import gc
import io
import sys

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


def served(path: str) -> bytes:
    """One GET through Django's WSGI handler, its response closed once its bytes are read."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "REMOTE_ADDR": "127.0.0.1",
    }
    statuses = []
    # As Django's test client: the request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, lambda status, _headers, _exc=None: statuses.append(status))
        body = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses[0].startswith("200"), statuses
    return body


def served_without_collector(path: str, *kinds: type) -> tuple[bytes, list]:
    """The page's bytes, and the objects of these kinds that serving it made and left alive,
    served with the garbage collector off: only reference counting freed anything, so what is
    left is held by a reference cycle (or by something that outlives the request)."""
    served(path)  # the first request imports and compiles what later ones reuse
    gc.collect()
    gc.disable()
    try:
        before = {id(o) for o in _objects(kinds)}
        body = served(path)
        alive = [o for o in _objects(kinds) if id(o) not in before]
    finally:
        gc.enable()
    return body, alive


def _objects(kinds: tuple[type, ...]) -> list:
    # By type, not isinstance: isinstance() of a dead weak proxy raises ReferenceError.
    return [o for o in gc.get_objects() if issubclass(type(o), kinds)]
