"""drf-spectacular post-processing: document the error responses every operation can give, so that clients (and
the Schemathesis run) can rely on their shape. Operations that document an error status themselves keep theirs."""

from __future__ import annotations

from typing import Any

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
ERROR_RESPONSES = {
    "400": ("Invalid input", "ValidationError"),
    "401": ("Not authenticated", "Error"),
    "403": ("Not allowed", "Error"),
    "404": ("Not found", "Error"),
    "409": ("Conflicts with the current state (a transition not allowed, stock gone, a duplicate)", "Error"),
    "429": ("Too many requests or attempts; see Retry-After", "Error"),
    "503": ("Temporarily unavailable; see Retry-After", "Error"),
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, component) in ERROR_RESPONSES.items():
                if status == "400" and method == "get" and not operation.get("parameters"):
                    continue
                if status == "409" and method == "get":  # only writes meet a domain conflict
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                    },
                )
    return result
