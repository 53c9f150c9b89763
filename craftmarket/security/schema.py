"""The API's schema class: every operation documents every error status it can answer, with the project's error
bodies, so that clients (and the Schemathesis run, and the suite-wide status check in ``tests/api_contract.py``)
can rely on them.

The statuses every operation of a kind can return are added here, from what the view really does:

- 400 (field messages): every operation (a ``DomainError`` is a 400 by default; a NUL byte in the query or a
  header is refused with a 400 before any view runs);
- 401: operations that need a signed-in user (no anonymous entry in their ``security``);
- 403: the same, and every write a session can send (a missing CSRF token is a 403);
- 404: every operation (an unknown ``?format=``, an object that is not there or not yours, a page past the last);
- 409: writes (a state-machine transition refused, stock gone, a duplicate);
- 415: operations with a request body (a media type their parsers do not take);
- 429: operations with a throttle;
- 503: every operation (the database is unreachable; see ``Retry-After``).

Statuses specific to one operation (the 422 of a reused Idempotency-Key, a 404 for a filter naming nothing) are
declared on the view with ``extend_schema(responses={422: error_response("…")})`` (``craftmarket.common.api``);
a view's own entry always wins.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import SessionAuthentication

from craftmarket.common.api import error_schema_ref

ERROR = {
    "type": "object",
    "description": "A refusal with a human-readable message.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Messages per input field (``detail`` or ``non_field_errors`` when no single field is at fault).",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
}
COMPONENTS = {"Error": ERROR, "ValidationError": VALIDATION_ERROR}  # the names error_schema_ref points to
DESCRIPTIONS = {
    "400": "Invalid input",
    "401": "Not authenticated",
    "403": "Not allowed",
    "404": "Not found",
    "409": "Conflicts with the current state (a transition not allowed, stock gone, a duplicate)",
    "415": "Unsupported media type of the request body",
    "429": "Too many requests or attempts; see Retry-After",
    "503": "Temporarily unavailable; see Retry-After",
}
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def common_error_statuses(
    *, method: str, path: str, operation: dict[str, Any], throttled: bool, session: bool
) -> list[str]:
    """The error statuses an operation of this shape can answer (see the module docstring)."""
    write = method in WRITES
    security = operation.get("security", [])
    signed_in = bool(security) and {} not in security
    statuses = ["400"]
    if signed_in:
        statuses.append("401")
    if signed_in or (write and session):
        statuses.append("403")
    statuses.append("404")
    if write:
        statuses.append("409")
    if "requestBody" in operation:
        statuses.append("415")
    if throttled:
        statuses.append("429")
    statuses.append("503")
    return statuses


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for name, schema in COMPONENTS.items():
            registry.register_on_missing(
                ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
            )
        statuses = common_error_statuses(
            method=self.method,
            path=path,
            operation=operation,
            throttled=bool(self.view.get_throttles()),
            session=any(isinstance(a, SessionAuthentication) for a in self.view.get_authenticators()),
        )
        responses = operation.setdefault("responses", {})
        for status in statuses:
            responses.setdefault(
                status,
                {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": error_schema_ref(validation=status == "400")}},
                },
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation
