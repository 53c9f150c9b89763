"""Security log lines: failed logins, lockouts, logins and logouts. Never a password or a token: Django hands
``user_login_failed`` cleansed credentials, and only the username is read from them here."""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from craftmarket.security.ip import client_ip

logger = logging.getLogger("craftmarket.security")


def _where(request: Any) -> tuple[str, str]:
    if request is None:
        return "-", "-"
    return client_ip(request) or "-", getattr(request, "path", "-")


def login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    ip, path = _where(request)
    username = str(credentials.get("username") or credentials.get("email") or "-")[:254]
    logger.warning("login failed username=%r ip=%s path=%s", username, ip, path)


def locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None, **kw: Any):
    _ip, path = _where(request)
    logger.warning("login locked out username=%r ip=%s path=%s", (username or "-")[:254], ip_address or _ip, path)


def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    ip, path = _where(request)
    logger.info("login user=%s staff=%s ip=%s path=%s", user.pk, user.is_staff, ip, path)


def logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    ip, path = _where(request)
    logger.info("logout user=%s ip=%s path=%s", getattr(user, "pk", "-"), ip, path)


def connect() -> None:
    user_login_failed.connect(login_failed, dispatch_uid="craftmarket.security.login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="craftmarket.security.locked_out")
    user_logged_in.connect(logged_in, dispatch_uid="craftmarket.security.logged_in")
    user_logged_out.connect(logged_out, dispatch_uid="craftmarket.security.logged_out")
