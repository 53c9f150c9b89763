"""API shapes of price tiers, used by the catalogue's product endpoints and the cart and order lines."""

from __future__ import annotations

from rest_framework import serializers

from craftmarket.common.validators import int_max

from .models import MAX_TIERS, PriceTier, SampleOffer
from .services import SampleInput, TierInput


class TierOutput(serializers.Serializer):
    min_quantity = serializers.IntegerField()
    # null for a tier reserved to verified business buyers when the caller is not one: it exists, its price not.
    unit_price = serializers.IntegerField(allow_null=True)
    business_only = serializers.BooleanField()


class TierInputSerializer(serializers.Serializer):
    """Upper limits are the columns'; the rules between tiers are the service's (400 on ``tiers``)."""

    min_quantity = serializers.IntegerField(max_value=int_max(PriceTier, "min_quantity"))
    unit_price = serializers.IntegerField(max_value=int_max(PriceTier, "unit_price"))
    business_only = serializers.BooleanField(default=False)


def tier_list_field() -> serializers.ListField:
    # One more than allowed passes here so that the service says "at most 5" in its own words.
    return TierInputSerializer(many=True, required=False, max_length=MAX_TIERS + 1)


def tier_inputs(rows: list[dict]) -> list[TierInput]:
    return [TierInput(r["min_quantity"], r["unit_price"], r.get("business_only", False)) for r in rows]


class SampleOutput(serializers.Serializer):
    price = serializers.IntegerField()
    max_units = serializers.IntegerField()
    lead_days = serializers.IntegerField()
    credit_on_wholesale = serializers.BooleanField()


class SampleInputSerializer(serializers.Serializer):
    """The product's sample terms (null withdraws them). Ranges are the columns'; the service checks again."""

    price = serializers.IntegerField(max_value=int_max(SampleOffer, "price"))
    max_units = serializers.IntegerField(min_value=1, max_value=int_max(SampleOffer, "max_units"))
    lead_days = serializers.IntegerField(min_value=0, max_value=int_max(SampleOffer, "lead_days"))
    credit_on_wholesale = serializers.BooleanField(default=False)


def sample_input(data: dict | None) -> SampleInput | None:
    return None if data is None else SampleInput(**data)
