"""Buyers' delivery addresses: Indonesian format or international."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from babel import Locale
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from craftmarket.common.errors import NotFound
from craftmarket.common.regions import PROVINCES
from craftmarket.common.validators import normalize_id_phone

from ..models import Address

# Countries and territories whose post uses no postal codes (the Universal Postal Union's list, abridged to places
# one ships to): elsewhere a postal code is required on an address abroad.
COUNTRIES_WITHOUT_POSTAL_CODES = frozenset(
    [
        "AE",
        "AG",
        "AO",
        "AW",
        "BF",
        "BI",
        "BJ",
        "BS",
        "BW",
        "BZ",
        "CD",
        "CF",
        "CG",
        "CI",
        "CK",
        "CM",
        "DJ",
        "DM",
        "ER",
        "FJ",
        "GA",
        "GD",
        "GH",
        "GM",
        "GQ",
        "GY",
        "HK",
        "KI",
        "KM",
        "KN",
        "KP",
        "LC",
        "ML",
        "MO",
        "MR",
        "MS",
        "MW",
        "NR",
        "NU",
        "QA",
        "RW",
        "SB",
        "SC",
        "SL",
        "SO",
        "SR",
        "ST",
        "SY",
        "TF",
        "TG",
        "TK",
        "TL",
        "TO",
        "TT",
        "TV",
        "UG",
        "VU",
        "YE",
        "ZW",
    ]
)


def normalize_phone(raw: str, *, country: str) -> str:
    """A phone number abroad as E.164 (``+31101234567``), read in ``country``'s format when written without ``+``."""
    try:
        number = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a phone number with its country code, e.g. +65 6123 4567."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


DOMESTIC_REQUIRED = ("recipient", "phone", "street", "kelurahan", "kecamatan", "city", "province", "postal_code")
INTERNATIONAL_REQUIRED = ("recipient", "phone", "street", "city", "country")
FIELDS = (
    "label",
    "recipient",
    "phone",
    "country",
    "street",
    "rt_rw",
    "kelurahan",
    "kecamatan",
    "city",
    "province",
    "region",
    "postal_code",
)


def clean_address(data: dict[str, Any]) -> dict[str, str]:
    """Normalise and check address input; raise ValidationError with a message per field."""
    values = {f: str(data.get(f) or "").strip() for f in FIELDS}
    values["country"] = (values["country"] or "ID").upper()
    errors: dict[str, str] = {}
    domestic = values["country"] == "ID"
    for f in DOMESTIC_REQUIRED if domestic else INTERNATIONAL_REQUIRED:
        if not values[f]:
            errors[f] = _("This field is required.")
    if not re.fullmatch(r"[A-Z]{2}", values["country"]):
        errors["country"] = _("Enter a two-letter country code, e.g. SG or NL.")
    if domestic:
        values["region"] = ""
        if values["province"] and values["province"] not in PROVINCES:
            errors["province"] = _("Choose a province of Indonesia.")
        if values["postal_code"] and not re.fullmatch(r"\d{5}", values["postal_code"]):
            errors["postal_code"] = _("Postal code must be 5 digits.")
        if values["phone"]:
            try:
                values["phone"] = normalize_id_phone(values["phone"])
            except ValidationError as exc:
                errors["phone"] = exc.messages[0]
        if values["rt_rw"] and not re.fullmatch(r"\d{1,3}/\d{1,3}", values["rt_rw"]):
            errors["rt_rw"] = _("Write RT/RW as two numbers, e.g. 003/007.")
    else:
        values.update(province="", rt_rw="", kelurahan="", kecamatan="")
        if "country" not in errors and values["country"] not in Locale.parse("en").territories:
            errors["country"] = _("Enter a two-letter country code, e.g. SG or NL.")
        if values["phone"]:
            try:
                values["phone"] = normalize_phone(values["phone"], country=values["country"])
            except ValidationError as exc:
                errors["phone"] = exc.messages[0]
        if values["country"] not in COUNTRIES_WITHOUT_POSTAL_CODES and not values["postal_code"]:
            errors.setdefault("postal_code", _("This country uses postal codes: enter the postal code."))
        if values["postal_code"] and not re.fullmatch(r"[A-Za-z0-9\- ]{2,12}", values["postal_code"]):
            errors["postal_code"] = _("Enter a valid postal code.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def address_create(*, user: Any, data: dict[str, Any]) -> Address:
    return Address.objects.create(user=user, **clean_address(data))


def address_values(address: Address) -> dict[str, Any]:
    """The editable values of a saved address, as ``address_update`` takes them."""
    return {name: getattr(address, name) for name in FIELDS}


@transaction.atomic
def address_update(*, address: Address, data: dict[str, Any]) -> Address:
    for field, value in clean_address(data).items():
        setattr(address, field, value)
    address.save()
    return address


@transaction.atomic
def address_delete(*, user: Any, public_id: Any) -> None:
    deleted, _rows = Address.objects.filter(user=user, public_id=public_id).delete()
    if not deleted:
        raise NotFound()
