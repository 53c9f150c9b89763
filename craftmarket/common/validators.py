"""Validators for Indonesian identifiers (DOMAIN.md): NIB, NPWP, postal code and phone numbers; integer ranges."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

nib_validator = RegexValidator(r"^\d{13}$", _("NIB must be exactly 13 digits."), code="invalid_nib")
npwp_validator = RegexValidator(r"^(\d{15}|\d{16})$", _("NPWP must be 15 or 16 digits."), code="invalid_npwp")
postal_code_validator = RegexValidator(r"^\d{5}$", _("Postal code must be 5 digits."), code="invalid_postal_code")
rex_validator = RegexValidator(
    r"^IDREX[0-9A-Z]{6,35}$",
    _("A REX number starts with IDREX followed by 6 to 35 letters or digits, e.g. IDREX3171234567890123."),
    code="invalid_rex",
)
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


# --- integer ranges -----------------------------------------------------------------------------------------
# Django derives an integer field's range from the database in use: PostgreSQL's columns (smallint, integer,
# bigint) refuse what does not fit, but SQLite stores any 64-bit integer. A limit that only the database knows is
# therefore a different rule on each database. Every integer model field declares its range explicitly with
# ``int_range`` (tests/core/test_integer_ranges.py checks them all); full_clean, the services and the forms and
# serializers (``int_bounds``) all read it from there.

SMALLINT_MAX = 32_767
INTEGER_MAX = 2_147_483_647
BIGINT_MAX = 9_223_372_036_854_775_807
# Whole rupiah. Rp 100 billion per unit: far above any craft, and low enough that a line (up to QUANTITY_MAX
# units) and a purchase of many lines stay far inside a bigint.
PRICE_MAX = 100_000_000_000
# The most units of one variant a cart line or an order line holds (and so the largest minimum order).
QUANTITY_MAX = 10_000
# A parcel of crafts: one tonne.
WEIGHT_GRAMS_MAX = 1_000_000
# Lead times in days: a year.
LEAD_TIME_DAYS_MAX = 365


def int_range(minimum: int, maximum: int) -> list[MinValueValidator | MaxValueValidator]:
    """The validators of an integer model field: ``minimum`` ≤ value ≤ ``maximum`` on every database."""
    return [MinValueValidator(minimum), MaxValueValidator(maximum)]


def int_bounds(model: type[Model], name: str) -> dict[str, int]:
    """``min_value``/``max_value`` of a model integer field's declared range, for the form or serializer field
    that feeds it (both take these keyword arguments), so that input is refused at the edge with the same
    limits that ``full_clean`` applies."""
    field = model._meta.get_field(name)
    minimum = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    maximum = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    if not minimum or not maximum:
        raise ImproperlyConfigured(f"{model.__name__}.{name} has no declared range (int_range).")
    return {"min_value": max(minimum), "max_value": min(maximum)}


def int_max(model: type[Model], name: str) -> int:
    """The upper limit of a model integer field's declared range: for edges that leave the lower limit and its
    message to the service."""
    return int_bounds(model, name)["max_value"]


def int_field_errors(model: type[Model], name: str, value: object) -> list[str]:
    """The messages of a model integer field's validators for ``value`` (a whole number, not a bool), for services
    that write a field without ``full_clean``; empty when the value is fine."""
    if not isinstance(value, int) or isinstance(value, bool):
        return [str(_("Enter a whole number."))]
    try:
        model._meta.get_field(name).run_validators(value)
    except ValidationError as exc:
        return list(exc.messages)
    return []
