"""Validators for Indonesian identifiers (DOMAIN.md): NIB, NPWP, postal code and phone numbers."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

nib_validator = RegexValidator(r"^\d{13}$", _("NIB must be exactly 13 digits."), code="invalid_nib")
npwp_validator = RegexValidator(r"^(\d{15}|\d{16})$", _("NPWP must be 15 or 16 digits."), code="invalid_npwp")
postal_code_validator = RegexValidator(r"^\d{5}$", _("Postal code must be 5 digits."), code="invalid_postal_code")
hs_code_validator = RegexValidator(
    r"^(\d{6}|\d{8}|\d{10})$", _("HS code must be 6, 8 or 10 digits."), code="invalid_hs"
)


def normalize_id_phone(raw: str) -> str:
    """Return an Indonesian mobile number as E.164 (``+628…``), or raise ``ValidationError``.

    Accepts ``0812…``, ``62812…`` and ``+62 812-…``; a mobile number has 10 to 13 digits once the leading 0 is
    dropped after the country code (DOMAIN.md).
    """
    cleaned = re.sub(r"[\s\-().]", "", raw or "")
    if cleaned.startswith("62"):
        cleaned = "+" + cleaned
    try:
        number = phonenumbers.parse(cleaned, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a valid Indonesian mobile number, e.g. 0812 3456 7890."), code="invalid_phone"
        ) from exc
    national = str(number.national_number)
    if number.country_code != 62 or not national.startswith("8") or not 9 <= len(national) <= 12:
        raise ValidationError(_("Enter a valid Indonesian mobile number, e.g. 0812 3456 7890."), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
