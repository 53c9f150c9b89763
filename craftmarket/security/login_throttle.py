"""Login throttling that survives CGNAT (issue 14): every login path (browser, API token, admin) authenticates
through django-axes' backend, and axes calls this handler.

Three rules, each with the site's limits or the admin's stricter ones (``limits_for``):

- **per account**: ``account`` failures of one email from any address lock that email for the cool-off
  (``AXES_COOLOFF_TIME``), which stops a guessing run spread over many addresses;
- **per account and address**: ``pair`` failures of one email from one address lock that email on that address
  only, earlier, so a guessing run from one place stops sooner while the owner elsewhere can still sign in;
- **per address**: never a lockout on the site (thousands of phones share one carrier address), but a rising delay
  after many failures (``craftmarket.security.address_throttle``); on the admin login, which only staff use, the
  address is refused for the cool-off after ``ADMIN_LOGIN_IP_FAILURE_LIMIT`` failures there.

A success clears the account's failures (``AXES_RESET_ON_SUCCESS``), never the address's: otherwise an attacker
holding one account of their own could wipe their address's count by signing in to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from craftmarket.security.address_throttle import AddressRule, address_admit, address_failed, address_reset

ACCOUNT = "username"
PAIR = ("username", "ip_address")


@dataclass(frozen=True)
class LoginLimits:
    account: int
    pair: int
    address: AddressRule


@dataclass(frozen=True)
class AddressRefusal:
    """Why the address of a login attempt was refused, and for how long; the lockout response reads it."""

    retry_after: int


def is_admin_login(request: HttpRequest) -> bool:
    try:
        admin_root = reverse("admin:index")
    except NoReverseMatch:
        return False
    return getattr(request, "path", "").startswith(admin_root)


def limits_for(request: HttpRequest) -> LoginLimits:
    """The site's limits, or the admin's stricter ones on the admin login. Read per request, so tests and the
    environment can set them."""
    window = settings.LOGIN_IP_WINDOW_MINUTES * 60
    if is_admin_login(request):
        lock = int(get_cool_off(request).total_seconds())
        return LoginLimits(
            account=settings.ADMIN_LOGIN_ACCOUNT_FAILURE_LIMIT,
            pair=settings.ADMIN_LOGIN_PAIR_FAILURE_LIMIT,
            # The limit-th failure brings a constant delay as long as the cool-off: a lockout of the address.
            address=AddressRule("admin", settings.ADMIN_LOGIN_IP_FAILURE_LIMIT - 1, lock, lock, max(window, lock)),
        )
    return LoginLimits(
        account=settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
        pair=settings.LOGIN_PAIR_FAILURE_LIMIT,
        address=AddressRule(
            "site",
            settings.LOGIN_IP_FREE_FAILURES,
            settings.LOGIN_IP_FIRST_DELAY_SECONDS,
            settings.LOGIN_IP_MAX_DELAY_SECONDS,
            window,
        ),
    )


def account_failure_limit(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """``AXES_FAILURE_LIMIT``: the per-account limit, the one axes itself checks."""
    return limits_for(request).account


def _now(request: HttpRequest) -> float:
    return request.axes_attempt_time.timestamp()


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per lockout parameter (axes has one limit for all of them) and the
    per-address rule on top."""

    def _limit_reached(self, request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
        limits = limits_for(request)
        per_parameter = {ACCOUNT: limits.account, PAIR: limits.pair}
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            key = parameter if isinstance(parameter, str) else tuple(parameter)
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if failures >= per_parameter.get(key, limits.account):
                return True
        return False

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        """The account or the account on this address is locked (each against its own limit)."""
        return settings.AXES_LOCK_OUT_AT_FAILURE and self._limit_reached(request, credentials)

    def is_allowed(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        """axes' checks (block list, allow list, the locks), then the address's delay. Admitting an attempt while
        delays apply takes the address's turn, so call this once per attempt (axes' backend does)."""
        if not super().is_allowed(request, credentials):
            return False
        if self.is_whitelisted(request, credentials):
            return True
        retry_after = address_admit(rule=limits_for(request).address, ip=request.axes_ip_address, now=_now(request))
        if retry_after is not None:
            request.login_address_refusal = AddressRefusal(retry_after=retry_after)
            return False
        return True

    def user_login_failed(self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
        refused_before_checking = request is not None and request.axes_locked_out
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or refused_before_checking or self.is_whitelisted(request, credentials):
            return
        address_failed(rule=limits_for(request).address, ip=request.axes_ip_address, now=_now(request))
        # axes locked the account if its own limit was reached; the pair's lower limit is this handler's.
        if not request.axes_locked_out and self._limit_reached(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    def reset_attempts(
        self, *, ip_address: str | None = None, username: str | None = None, ip_or_username: bool = False
    ) -> int:
        """``axes_reset_ip`` also lifts the address's delay, at the site and at the admin."""
        count = super().reset_attempts(ip_address=ip_address, username=username, ip_or_username=ip_or_username)
        if ip_address:
            for scope in ("site", "admin"):
                address_reset(scope=scope, ip=ip_address)
        return count
