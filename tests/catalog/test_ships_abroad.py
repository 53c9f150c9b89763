"""A product the artisan marks as shipping abroad carries what every international line needs: an HS code and parcel
dimensions, refused at the field in the studio and the API (issue 15), never discovered only at the buyer's checkout."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from catalog import services
from tests.catalog.factories import published

pytestmark = pytest.mark.django_db

EXPORTABLE = {"hs_code": "460212", "length_cm": Decimal(30), "width_cm": Decimal(30), "height_cm": Decimal(25)}


def test_ships_abroad_needs_an_hs_code_and_parcel_dimensions_and_nothing_changes_without_them():
    product = published(name="Keranjang Rotan", hs_code="", length_cm=None, width_cm=None, height_cm=None)

    with pytest.raises(ValidationError) as exc:
        services.product_update(product=product, by=product.artisan.user, fields={"ships_abroad": True})

    assert set(exc.value.message_dict) == {"hs_code", "length_cm", "width_cm", "height_cm"}
    product.refresh_from_db()
    assert product.ships_abroad is False

    services.product_update(product=product, by=product.artisan.user, fields={**EXPORTABLE, "ships_abroad": True})
    product.refresh_from_db()
    assert (product.ships_abroad, product.hs_code) == (True, "460212")


def test_the_api_answers_400_with_the_field_messages():
    product = published(name="Keranjang Rotan", hs_code="", length_cm=None, width_cm=None, height_cm=None)
    client = Client()
    client.force_login(product.artisan.user)

    response = client.patch(
        f"/api/v1/products/{product.slug}/", {"ships_abroad": True}, content_type="application/json"
    )

    assert response.status_code == 400
    assert {"hs_code", "length_cm"} <= set(response.json())
    product.refresh_from_db()
    assert product.ships_abroad is False
