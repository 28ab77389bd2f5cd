"""A request served as gunicorn serves it, and what it leaves alive for the garbage collector."""

from __future__ import annotations

import gc

from django.test.client import ClientHandler, RequestFactory


def served(path: str) -> bytes:
    """One GET through Django's request handler, its response closed as a WSGI server closes
    it (Django's test handler, without the test client's keeping of contexts and templates)."""
    response = ClientHandler()(RequestFactory().get(path).environ)
    assert response.status_code == 200, response.status_code
    return response.content


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
