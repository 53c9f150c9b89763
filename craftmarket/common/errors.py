"""The one error type of the domain.

Services raise ``DomainError``; the API's exception handler turns it into JSON (400, 403, 404 or 409) and
browser views show its message at the form. ``field`` names the input that is wrong, when one is.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the marketplace refused an operation. ``status`` is the HTTP status it maps to."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.field = field

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "detail": [self.message]}


class TransitionNotAllowed(DomainError):
    """A state machine refused a transition (409 Conflict in the API)."""

    status = 409

    def __init__(self, message: str, *, code: str = "transition_not_allowed", field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)


class ConflictError(DomainError):
    """The request conflicts with the current state (stock gone, duplicate submit with another body)."""

    status = 409


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "Not found.", *, code: str = "not_found", field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message: str, *, code: str = "permission_denied", field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)
