"""Marks public catalogue reads for the replica router, pins writers to the primary, and retries a catalogue
read on the primary when its replica failed during the request (craftmarket.common.replicas)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import Error
from django.http import HttpRequest, HttpResponse

from craftmarket.common import replicas

logger = logging.getLogger("craftmarket.replicas")

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReplicaReadMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request._replica_token = None
        try:
            response = self.get_response(request)
        finally:
            if request._replica_token is not None:
                replicas.unmark(request._replica_token)
                request._replica_token = None
        if request.method not in _SAFE_METHODS and replicas.replica_aliases():
            replicas.pin(request, response)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if request.method not in ("GET", "HEAD") or not replicas.replica_aliases():
            return None
        match = request.resolver_match
        if match is None or match.view_name not in settings.REPLICA_READ_VIEWS:
            return None
        request._replica_token = replicas.mark_catalogue_read(request)
        request._replica_view = (view_func, view_args, view_kwargs)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A replica that went away after its last health check: recheck it and, if it is gone, serve the page
        from the primary instead of an error."""
        state = replicas.current()
        if state is None or not state.used or not isinstance(exception, Error):
            return None
        failed = [alias for alias in state.used if not replicas.is_healthy(alias, force=True)]
        if not failed:
            return None
        logger.warning("replica %s failed during %s, serving it from the primary", ",".join(failed), request.path)
        state.disabled = True
        view_func, view_args, view_kwargs = request._replica_view
        return view_func(request, *view_args, **view_kwargs)
