import pytest
from django.core.exceptions import ValidationError

from craftmarket.common.money import format_idr
from craftmarket.common.regions import PROVINCES, island_of, province_name
from craftmarket.common.validators import nib_validator, normalize_id_phone, postal_code_validator


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp 0"),
        (500, "Rp 500"),
        (1_250_000, "Rp 1.250.000"),
        (-75_000, "-Rp 75.000"),
        (10**12, "Rp 1.000.000.000.000"),
    ],
)
def test_rupiah_uses_dots_for_thousands(amount, text):
    assert format_idr(amount) == text


def test_rupiah_refuses_floats():
    with pytest.raises(TypeError):
        format_idr(1.5)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [("0812 3456 7890", "+6281234567890"), ("+62 812-3456-789", "+628123456789"), ("6285712345678", "+6285712345678")],
)
def test_phone_numbers_are_stored_as_e164(raw, e164):
    assert normalize_id_phone(raw) == e164


@pytest.mark.parametrize("raw", ["", "12345", "021 555 1234", "+1 415 555 0100", "08123", "0812345678901234"])
def test_invalid_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_id_phone(raw)


def test_nib_is_thirteen_digits():
    nib_validator("1234567890123")
    for bad in ["123456789012", "12345678901234", "12345678901a3"]:
        with pytest.raises(ValidationError):
            nib_validator(bad)


def test_postal_code_is_five_digits():
    postal_code_validator("55281")
    with pytest.raises(ValidationError):
        postal_code_validator("5528")


def test_all_38_provinces_with_islands():
    assert len(PROVINCES) == 38
    assert province_name("ID-PE") == "Papua Pegunungan"
    assert island_of("ID-YO") == island_of("ID-JI") == "jawa"
    assert island_of("ID-BA") == "bali_nusa_tenggara"
    assert island_of("XX") is None
