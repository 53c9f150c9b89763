"""The admin site: staff must be verified by a TOTP device (django-otp) when ``OTP_ADMIN_REQUIRED`` is on.

The setting is read per request, so tests may switch it with the ``settings`` fixture. Staff enrol a device with
``manage.py otp_enrol <email>`` (see SECURITY.md).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class AdminLoginForm(OTPAdminAuthenticationForm):
    """Email, password and code on one page: a member with exactly one confirmed device needs not pick it first
    (django-otp otherwise asks for the device in a second round trip)."""

    otp_token = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True))
            if len(devices) == 1:
                device = devices[0]
        return device


class CraftmarketAdminSite(OTPAdminSite):
    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    @property
    def login_form(self):  # type: ignore[override]
        return AdminLoginForm if settings.OTP_ADMIN_REQUIRED else None

    @property
    def login_template(self):  # type: ignore[override]
        return OTPAdminSite.login_template if settings.OTP_ADMIN_REQUIRED else None

    def has_permission(self, request: HttpRequest) -> bool:
        if not settings.OTP_ADMIN_REQUIRED:
            return AdminSite.has_permission(self, request)
        return super().has_permission(request)
