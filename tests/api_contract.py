"""The suite keeps the API honest about its statuses: every response an API operation gives during the run is
recorded as (method, path, status), and at the end of the session each one is compared with the statuses the
OpenAPI schema documents for that operation. A status the schema does not list fails the run, naming the operation.

Recorded at ``BaseHandler.get_response``, so the test client, ``APIClient``, the WSGI handler Schemathesis calls and
the live server all count, whatever middleware answered. Only documented operations are judged: a method the path
does not have (405) or a route that is not in the schema (the schema view itself, an unknown path) is out of the
contract; so are tests marked ``api_contract_exempt`` (a deliberately injected programming error's 500). Wired in
``tests/conftest.py``; ``CRAFTMARKET_API_CONTRACT=off`` turns the check off for one run.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.handlers.base import BaseHandler

PREFIX = "/api/v1/"
METHODS = ("get", "post", "put", "patch", "delete")

_seen: set[tuple[str, str, int]] = set()
_lock = threading.Lock()
_paused = threading.Event()  # set while a test marked ``api_contract_exempt`` runs (a deliberate fault)
_original_get_response = BaseHandler.get_response


def _recording_get_response(self: BaseHandler, request: Any) -> Any:
    response = _original_get_response(self, request)
    if request.path.startswith(PREFIX) and not _paused.is_set():
        with _lock:
            _seen.add((request.method.lower(), request.path, response.status_code))
    return response


def install() -> None:
    BaseHandler.get_response = _recording_get_response


def uninstall() -> None:
    BaseHandler.get_response = _original_get_response


def pause() -> None:
    _paused.set()


def resume() -> None:
    _paused.clear()


def seen() -> set[tuple[str, str, int]]:
    with _lock:
        return set(_seen)


@dataclass(frozen=True)
class Route:
    template: str
    pattern: re.Pattern[str]
    parameters: int
    statuses: dict[str, frozenset[int]]  # method → documented statuses


def routes(schema: dict[str, Any]) -> list[Route]:
    """The schema's paths as regular expressions, literal paths first (``artisans/me/`` before ``{slug}``)."""
    found = []
    for template, operations in schema.get("paths", {}).items():
        parts = re.split(r"(\{[^}]+\})", template)
        regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
        statuses = {
            method: frozenset(int(code) for code in operation.get("responses", {}) if code.isdigit())
            for method, operation in operations.items()
            if method in METHODS
        }
        found.append(Route(template, re.compile(f"^{regex}$"), template.count("{"), statuses))
    return sorted(found, key=lambda route: (route.parameters, route.template))


def match(path: str, table: list[Route]) -> Route | None:
    return next((route for route in table if route.pattern.match(path)), None)


def undocumented(observed: Iterable[tuple[str, str, int]], schema: dict[str, Any]) -> dict[tuple[str, str], set]:
    """(method, path template) → the statuses seen that the schema does not document for that operation."""
    table = routes(schema)
    problems: dict[tuple[str, str], set[int]] = {}
    for method, path, status in observed:
        route = match(path, table)
        if route is None or method not in route.statuses:
            continue
        if status not in route.statuses[method]:
            problems.setdefault((method.upper(), route.template), set()).add(status)
    return problems


def current_schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def report(problems: dict[tuple[str, str], set]) -> list[str]:
    return [
        f"{method} {template}: answered {', '.join(str(s) for s in sorted(statuses))}, not in the schema"
        for (method, template), statuses in sorted(problems.items())
    ]
