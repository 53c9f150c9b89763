"""Two-factor helpers for tests that log staff in to the admin (this round's and later rounds')."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user, *, name: str = "authenticator") -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def current_token(device: TOTPDevice) -> str:
    """The code the member's authenticator app shows right now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def otp_force_login(client: Client, user, device: TOTPDevice) -> None:
    """``force_login`` plus the verified device in the session, as a real TOTP login leaves it."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
