"""What the OpenAPI description (/api/v1/schema/) says about every operation that drf-spectacular
cannot see from a view: the errors it answers with, the 304 of a conditional GET, who may call it.

One postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) rather than an
`extend_schema(responses=...)` on each view: the rules are the API's, not a view's.
- every operation: 401 (a wrong or expired token is refused even where anonymous readers are
  welcome) and 503 (PostgreSQL or Redis down, config.middleware.unavailable);
- an operation an anonymous client may call: security also `{}`, and 429 (the anonymous throttle);
  one it may not call: 403 for a signed-in user without the permission (and 429 where a mission's
  token is throttled: the registrations);
- query parameters or a request body: 400 (field -> messages, as DRF writes validation errors);
- a request body that DRF parses: 415 for a media type it does not read;
- path parameters: 404; a GET: 304 and its If-None-Match (Django's ConditionalGetMiddleware);
- a path parameter left without a pattern by drf-spectacular (the router's `[^/.]+`): that pattern,
  so a client (and schemathesis) knows which keys can reach the view at all.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from rest_framework.request import Request

ERROR = {
    "type": "object",
    "description": "Why the request was refused, in one sentence.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "What is wrong with the request: each refused field (or `non_field_errors`) with its "
        "messages, nested like the request body; or a `detail` sentence (a body that is not "
        "JSON, a CSV file that cannot be read)."
    ),
    "additionalProperties": {},
}
# The router's lookup (rest_framework.routers.SimpleRouter.lookup_value_regex) when a view sets none.
ROUTER_LOOKUP_PATTERN = "^[^/.]+$"


def _json(ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


RESPONSES = {
    "304": {"description": "Not modified: If-None-Match names the current ETag (no body)."},
    "400": _json("ValidationError", "The request's parameters or body were refused."),
    "401": _json("Error", "Authentication failed (a wrong token), or this operation needs it."),
    "403": _json("Error", "The signed-in user may not do this."),
    "404": _json("Error", "No such record, or not one this client may see."),
    "415": _json("Error", "The body is not in a media type this operation reads."),
    "429": _json("Error", "Too many requests from this client; see Retry-After."),
    "503": _json("Error", "The database or cache is unavailable; see Retry-After."),
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "An ETag from an earlier response: 304 without a body when it is still current.",
}


def document_errors_and_access(result: dict, generator, request, public) -> dict:
    """The postprocessing hook: see the module docstring for the rules."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, _regex, method, callback in generator.endpoints:
        view = generator.create_view(callback, method, request)
        operation = (
            result["paths"].get(generator.coerce_path(path, method, view), {}).get(method.lower())
        )
        if operation is not None:
            _describe(operation, view, method.lower())
    return result


def _describe(operation: dict, view, method: str) -> None:
    parameters = operation.setdefault("parameters", [])
    if getattr(view, "action", None) == "create":
        # ModifiedSinceMixin filters querysets; a create reads none, so it ignores the parameter.
        parameters[:] = [p for p in parameters if p["name"] != "modified_since"]
    anonymous = _anonymous_may_call(view, method)
    security = operation.setdefault("security", [])
    if anonymous and {} not in security:
        security.append({})
    codes = ["401", "503", "429" if anonymous else "403"]
    if not anonymous and any(
        getattr(throttle, "scope", None) == "mission"
        for throttle in getattr(view, "throttle_classes", ())
    ):
        codes.append("429")  # a mission's token: its own throttle
    if any(p["in"] == "query" for p in parameters) or "requestBody" in operation:
        codes.append("400")
    if "requestBody" in operation and getattr(view, "parser_classes", None):
        codes.append("415")
    path_parameters = [p for p in parameters if p["in"] == "path"]
    if path_parameters:
        codes.append("404")
    for parameter in path_parameters:
        schema = parameter.setdefault("schema", {"type": "string"})
        if schema.get("type") == "string" and not {"pattern", "enum"} & schema.keys():
            schema["pattern"] = ROUTER_LOOKUP_PATTERN
    if method == "get":
        codes.append("304")
        parameters.append(IF_NONE_MATCH)
    responses = operation.setdefault("responses", {})
    for code in codes:
        responses.setdefault(code, RESPONSES[code])
    operation["responses"] = dict(sorted(responses.items()))


def _anonymous_may_call(view, method: str) -> bool:
    """Whether the view's own permission classes let an anonymous request through."""
    request = Request(RequestFactory().generic(method.upper(), "/"))
    request.user = AnonymousUser()
    try:
        return all(p.has_permission(request, view) for p in view.get_permissions())
    except Exception:  # a permission that needs more than a request: not for anonymous clients
        return False
