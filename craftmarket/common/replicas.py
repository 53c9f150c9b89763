"""Read replicas: which requests may read the catalogue from a streaming standby, and which standby is fit to.

A request is a *catalogue read* when ``ReplicaReadMiddleware`` marks it (a GET or HEAD of a view named in
``REPLICA_READ_VIEWS``). The router (``craftmarket.common.db_router``) sends reads of the catalogue's models to a
replica only while such a mark is active, outside every atomic block, and only when the requester has not written
in the last ``REPLICA_PIN_SECONDS`` (read-your-writes). A replica is used only when a cheap check, cached in this
process for ``REPLICA_HEALTH_SECONDS``, found it reachable and no more than ``REPLICA_MAX_LAG_SECONDS`` behind;
otherwise the read goes to the primary and a warning is logged. Nothing here imports an app.
"""

from __future__ import annotations

import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import Error, connections

logger = logging.getLogger("craftmarket.replicas")

PIN_COOKIE = "cm_primary"
_PIN_CACHE_KEY = "replica-pin:user:{}"

# Lag: zero when everything received has been replayed (an idle primary is not "behind"); otherwise the age of
# the last replayed commit. Zero on a server that is not a standby (a mirror of the primary in tests).
_LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


@dataclass
class CatalogueRead:
    """The state of one marked request: whether the requester is pinned to the primary (decided on the first
    catalogue read, after authentication) and which replica served it."""

    request: Any
    pinned: bool | None = None
    used: set[str] = field(default_factory=set)
    disabled: bool = False


_current: ContextVar[CatalogueRead | None] = ContextVar("craftmarket_catalogue_read", default=None)
# alias -> (monotonic time of the check, healthy)
_health: dict[str, tuple[float, bool]] = {}


def mark_catalogue_read(request) -> Any:
    """Mark the running request as a public catalogue read; returns the token for ``unmark``."""
    return _current.set(CatalogueRead(request=request))


def unmark(token) -> None:
    _current.reset(token)


def current() -> CatalogueRead | None:
    return _current.get()


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def pin(request, response) -> None:
    """Read-your-writes: after a write, this browser (cookie) and this user (cache) read from the primary for
    ``REPLICA_PIN_SECONDS``."""
    seconds = settings.REPLICA_PIN_SECONDS
    response.set_cookie(
        PIN_COOKIE,
        str(int(time.time()) + seconds),
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        cache.set(_PIN_CACHE_KEY.format(user.pk), 1, seconds)


def _is_pinned(request) -> bool:
    raw = request.COOKIES.get(PIN_COOKIE, "")
    if raw.isdigit() and int(raw) > time.time():
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and cache.get(_PIN_CACHE_KEY.format(user.pk)))


def replica_for_read() -> str | None:
    """The replica alias the current catalogue read may use, or None for the primary."""
    state = _current.get()
    if state is None or state.disabled:
        return None
    aliases = replica_aliases()
    if not aliases:
        return None
    if state.pinned is None:
        state.pinned = _is_pinned(state.request)
    if state.pinned:
        return None
    for alias in aliases:
        if is_healthy(alias):
            state.used.add(alias)
            return alias
    return None


def is_healthy(alias: str, *, force: bool = False) -> bool:
    now = time.monotonic()
    checked = _health.get(alias)
    if not force and checked is not None and now - checked[0] < settings.REPLICA_HEALTH_SECONDS:
        return checked[1]
    healthy = _check(alias)
    _health[alias] = (now, healthy)
    return healthy


def _check(alias: str) -> bool:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return True
    lag = None
    for attempt in (1, 2):  # a persistent connection may have died with an earlier server: one fresh try
        try:
            with connection.cursor() as cursor:
                cursor.execute(_LAG_SQL)
                (lag,) = cursor.fetchone()
            break
        except Error as exc:
            _close(connection)
            if attempt == 2:
                logger.warning("replica %s is unreachable, reading from the primary: %s", alias, str(exc).strip()[:200])
                return False
    if float(lag) > settings.REPLICA_MAX_LAG_SECONDS:
        logger.warning(
            "replica %s lags %.1fs (limit %ss), reading from the primary", alias, lag, settings.REPLICA_MAX_LAG_SECONDS
        )
        return False
    return True


def _close(connection) -> None:
    try:
        connection.close()
    except Error:
        connection.connection = None


def forget_health() -> None:
    """Forget the cached checks (tests; a deploy that changed the replicas)."""
    _health.clear()
