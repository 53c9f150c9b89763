"""``manage.py check_invariants`` finds rows that break an invariant, across every app, and exits non-zero."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from catalog.models import Variant
from craftmarket.common.invariants import find_violations, project_models
from tests.factories import VariantFactory

pytestmark = pytest.mark.django_db


def _bypass_check_constraints(model, constraint: str):
    """Make a row that the database would refuse, as a dropped constraint or a bad restore would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush the deferred FK checks of the fixtures
            cursor.execute(f'ALTER TABLE "{model._meta.db_table}" DROP CONSTRAINT "{constraint}"')
        else:
            cursor.execute("PRAGMA ignore_check_constraints = ON")


def _restore_check_constraints():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


def test_a_clean_database_passes(capsys):
    VariantFactory(stock=3)
    call_command("check_invariants")
    assert "no violations" in capsys.readouterr().out


def test_negative_stock_is_reported_with_the_row_and_a_non_zero_exit(capsys):
    good = VariantFactory(stock=3)
    bad = VariantFactory(stock=1)
    _bypass_check_constraints(Variant, "variant_stock_not_negative")
    try:
        Variant.objects.filter(pk=bad.pk).update(stock=-2)
        with pytest.raises(CommandError) as raised:
            call_command("check_invariants")
    finally:
        _restore_check_constraints()

    assert raised.value.returncode == 1
    out = capsys.readouterr().out
    assert f"VIOLATION catalog.Variant: check variant_stock_not_negative: 1 row(s), e.g. pk={bad.pk}" in out
    assert f"VIOLATION catalog.Variant: stock >= 0: 1 row(s), e.g. pk={bad.pk}" in out
    assert f"pk={good.pk}" not in out


def test_rules_are_discovered_from_every_project_app():
    labels = {model._meta.label for model in project_models()}
    assert {"artisans.User", "artisans.Artisan", "catalog.Product", "catalog.Variant"} <= labels
    assert not any(label.startswith(("auth.", "axes.", "otp_totp.", "sessions.")) for label in labels)
    _violations, rules = find_violations()
    assert rules >= 10


@pytest.mark.postgres
def test_orders_are_covered_negative_amounts_and_duplicate_numbers_are_reported(capsys):
    """The orders app is checked too: amounts >= 0 and unique purchase and order numbers."""
    from orders.models import Order, Purchase
    from orders.services.payments import payment_confirm
    from tests.catalog.factories import published
    from tests.factories import UserFactory
    from tests.orders.factories import AddressFactory, checkout

    product = published(stock=5)
    buyer = UserFactory()
    first = checkout(buyer, AddressFactory(user=buyer), (product.variants.get(), 1))
    payment_confirm(purchase=first, by=UserFactory(is_staff=True))
    second = checkout(buyer, AddressFactory(user=buyer), (product.variants.get(), 1))
    call_command("check_invariants")
    capsys.readouterr()

    _bypass_check_constraints(Purchase, "purchase_amounts_not_negative")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Order._meta.db_table)
        for name, info in constraints.items():
            if info["unique"] and info["columns"] == ["number"]:
                cursor.execute(f'ALTER TABLE "{Order._meta.db_table}" DROP CONSTRAINT "{name}"')
    Purchase.objects.filter(pk=second.pk).update(amount_due=-1)
    duplicate = second.orders.get()
    Order.objects.filter(pk=duplicate.pk).update(number=first.orders.get().number)

    with pytest.raises(CommandError):
        call_command("check_invariants")
    out = capsys.readouterr().out
    assert f"VIOLATION orders.Purchase: check purchase_amounts_not_negative: 1 row(s), e.g. pk={second.pk}" in out
    assert f"VIOLATION orders.Purchase: amount_due >= 0: 1 row(s), e.g. pk={second.pk}" in out
    assert "VIOLATION orders.Order: unique number:" in out
    assert f"pk={first.pk}" not in out.split("orders.Purchase")[-1].split("\n")[0]
