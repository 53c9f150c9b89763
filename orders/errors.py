"""Errors specific to orders, on top of the shared domain error."""

from __future__ import annotations

from typing import Any

from craftmarket.common.errors import ConflictError, DomainError


class PriceChanged(ConflictError):
    """Prices changed since the items went into the cart: the buyer must see and confirm them (409)."""

    def __init__(self, message: str, *, changes: list[dict[str, Any]]) -> None:
        super().__init__(message, code="price_changed")
        self.changes = changes

    def as_dict(self) -> dict[str, Any]:
        return {"detail": [self.message], "price_changes": self.changes}


class IdempotencyKeyReused(DomainError):
    """The same Idempotency-Key was sent with a different request body (422)."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__(message, code="idempotency_key_reused", field="idempotency_key")
