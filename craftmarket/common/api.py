"""API plumbing shared by every app: pagination and the one exception handler."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from craftmarket.common.errors import DomainError


class Pagination(PageNumberPagination):
    """24 to a page; clients may ask for up to 100 with ``page_size``."""

    page_size = 24
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if raw not in ("last",) and not (raw.isdigit() and 0 < int(raw) < 10**9):
            raise exceptions.ValidationError({"page": ["Page must be a positive whole number."]})
        return super().paginate_queryset(queryset, request, view)


def error_schema_ref(*, validation: bool = False) -> dict[str, str]:
    """The schema of the error bodies this module's handler writes (components of craftmarket.security.schema)."""
    return {"$ref": f"#/components/schemas/{'ValidationError' if validation else 'Error'}"}


def error_response(description: str, *, validation: bool = False) -> OpenApiResponse:
    """One operation's own error status, for ``extend_schema(responses={422: error_response("…")})``. The statuses
    every operation of a kind can answer (401, 415, 429, …) are added by the schema class, not per view."""
    return OpenApiResponse(response=error_schema_ref(validation=validation), description=description)


def _django_validation_detail(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {
            field or "detail": [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()
        }
    return {"detail": [str(m) for m in exc.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the domain error and Django's ValidationError, always as JSON with field messages."""
    if isinstance(exc, DomainError):
        # Always a top-level "detail" (what every documented error response carries), plus the field's message
        # under the field's name when the error belongs to one input.
        body: dict[str, Any] = {**exc.as_dict(), "detail": exc.message, "code": exc.code}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        return Response(_django_validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data}
    return response
