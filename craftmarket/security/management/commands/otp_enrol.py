"""Enrol a TOTP device for a staff member: prints the otpauth:// link (paste into an authenticator app, or turn
into a QR code) and the base32 secret. Run it on the server, in front of the staff member; never mail it."""

from __future__ import annotations

from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Create (or with --replace, replace) the TOTP device a staff member needs to log in to the admin."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--replace", action="store_true", help="delete the member's existing TOTP devices")
        parser.add_argument("--name", default="authenticator", help="device name shown in the admin")

    @transaction.atomic
    def handle(self, *args, email: str, replace: bool, name: str, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(email__iexact=email.strip())
        except user_model.DoesNotExist:
            raise CommandError(f"No user with email {email!r}.")
        if not user.is_staff:
            raise CommandError(f"{user.email} is not staff; only staff need a TOTP device for the admin.")
        existing = TOTPDevice.objects.filter(user=user)
        if existing.exists() and not replace:
            raise CommandError(f"{user.email} already has a TOTP device; use --replace to issue a new one.")
        existing.delete()
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(f"TOTP device {device.persistent_id} for {user.email}")
        self.stdout.write(f"otpauth link: {device.config_url}")
        self.stdout.write(f"secret (base32): {b32encode(device.bin_key).decode()}")
