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
