"""The per-address part of login throttling: a delay that rises with the failures from one network address.

Indonesian mobile carriers put thousands of phones behind one public address (CGNAT), so an address is never
locked the way an account is: it may fail ``free_failures`` times; then the next failure makes the address wait
``first_delay`` seconds before its next attempt, and each further failure doubles the wait, up to ``max_delay``.
The count is forgotten ``window`` seconds after the last failure. Counts live in the Django cache (Redis in
production); nothing ever sleeps: a refused attempt gets ``429`` with the wait as ``Retry-After``. Attempts refused
while the address waits are not counted.

Once delays apply, every attempt from the address, right or wrong, takes the address's turn atomically
(``cache.add``), so a burst of parallel requests cannot all slip through when a wait ends.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from django.core.cache import cache

# 2**32 seconds is far beyond any max_delay; the cap keeps a huge failure count from building a huge integer.
MAX_DOUBLINGS = 32


@dataclass(frozen=True)
class AddressRule:
    """How loosely one kind of login (the site, the admin) treats the failures of one address."""

    scope: str
    free_failures: int
    first_delay: int
    max_delay: int
    window: int

    def delay_after(self, failures: int) -> int:
        """Seconds the address waits after its ``failures``-th failure (0 while failures are still free)."""
        if failures <= self.free_failures:
            return 0
        doublings = min(failures - self.free_failures - 1, MAX_DOUBLINGS)
        return min(self.max_delay, self.first_delay * 2**doublings)


def _keys(scope: str, ip: str | None) -> tuple[str, str]:
    # Hashed: a client address may come from X-Forwarded-For and hold characters no cache key should.
    digest = hashlib.sha256(str(ip).encode()).hexdigest()
    prefix = f"login-address:{scope}:{digest}"
    return f"{prefix}:failures", f"{prefix}:turn"


def address_failures(*, rule: AddressRule, ip: str | None) -> int:
    """Failures counted for the address in the rule's scope (0 once the window has passed)."""
    failures_key, _turn_key = _keys(rule.scope, ip)
    return cache.get(failures_key) or 0


def address_admit(*, rule: AddressRule, ip: str | None, now: float) -> int | None:
    """``None`` when the address may try now, otherwise the seconds it must still wait.

    While delays apply, admitting the attempt claims the address's turn for the current delay, so a second attempt
    in that time is refused even if the first has not finished."""
    failures_key, turn_key = _keys(rule.scope, ip)
    delay = rule.delay_after(cache.get(failures_key) or 0)
    if delay == 0:
        return None
    if cache.add(turn_key, now + delay, timeout=delay):
        return None
    until = cache.get(turn_key)
    if until is None:  # the turn expired between add and get: the next request will claim it
        until = now + 1
    return max(1, math.ceil(until - now))


def address_failed(*, rule: AddressRule, ip: str | None, now: float) -> int:
    """Count a failure of the address and start the delay it earns. Returns the address's failure count."""
    failures_key, turn_key = _keys(rule.scope, ip)
    cache.add(failures_key, 0, timeout=rule.window)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between add and incr
        cache.set(failures_key, 1, timeout=rule.window)
        failures = 1
    cache.touch(failures_key, timeout=rule.window)
    delay = rule.delay_after(failures)
    if delay:
        cache.set(turn_key, now + delay, timeout=delay)
    return failures


def address_reset(*, scope: str, ip: str | None) -> None:
    """Forget the address's failures and delay in one scope (``manage.py axes_reset_ip``)."""
    cache.delete_many(list(_keys(scope, ip)))
