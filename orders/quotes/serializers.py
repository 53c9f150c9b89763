"""Input and output shapes of the RFQ and quote API (no rule lives here: the services decide)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from craftmarket.common.validators import PRICE_MAX, QUANTITY_MAX

from .models import LEAD_DAYS_MAX, MAX_TEXT, RFQ, Incoterm, Quote, QuoteRevision, Unit

# --- output -------------------------------------------------------------------------------------------------------


class LadderRowOutput(serializers.Serializer):
    min_quantity = serializers.IntegerField()
    unit_price = serializers.IntegerField(help_text="IDR, whole rupiah")


class RevisionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    author = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.IntegerField(allow_null=True)
    goods_total = serializers.IntegerField(allow_null=True)
    ladder = serializers.SerializerMethodField()
    sample_included = serializers.BooleanField()
    sample_price = serializers.IntegerField()
    sample_lead_days = serializers.IntegerField(allow_null=True)
    production_lead_days = serializers.IntegerField()
    incoterm = serializers.CharField()
    incoterm_place = serializers.CharField()
    freight_estimate = serializers.IntegerField(allow_null=True)
    insurance_estimate = serializers.IntegerField(allow_null=True)
    deposit_percent = serializers.IntegerField()
    valid_until = serializers.DateField()
    wanted_by = serializers.DateField(allow_null=True)
    notes = serializers.CharField(allow_blank=True)
    display_currency = serializers.CharField(allow_blank=True)
    display_rate = serializers.DecimalField(max_digits=18, decimal_places=6, allow_null=True)
    created_at = serializers.DateTimeField()

    def get_ladder(self, revision: QuoteRevision) -> list[dict[str, Any]]:
        return LadderRowOutput(revision.ladder.all(), many=True).data


class QuoteOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    rfq = serializers.UUIDField(source="rfq.public_id")
    artisan = serializers.CharField(source="artisan.business_name")
    artisan_slug = serializers.CharField(source="artisan.slug")
    status = serializers.CharField()
    revision = serializers.IntegerField()
    accepted_revision = serializers.IntegerField(allow_null=True)
    valid_until = serializers.DateField()
    sent_at = serializers.DateTimeField(allow_null=True)
    revisions = serializers.SerializerMethodField()

    def get_revisions(self, quote: Quote) -> list[dict[str, Any]]:
        return RevisionOutput(quote.revisions.all(), many=True).data


class RFQPhotoOutput(serializers.Serializer):
    """A reference photo: ``url`` serves its metadata-free rendition to the parties and staff once ``status`` is
    ready (null before)."""

    id = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, photo: Any) -> str | None:
        return reverse("quotes:rfq-photo", args=[photo.pk]) if photo.status == "ready" else None


class RFQPhotosInput(serializers.Serializer):
    photos = serializers.ListField(
        child=serializers.FileField(), max_length=6, help_text="reference photos (JPEG, PNG or WebP; at most 6 in all)"
    )


class RFQOutput(serializers.Serializer):
    """What both parties see. The buyer's company name and contact are not in it: an artisan sees the business
    type and country only, until an order is placed."""

    id = serializers.UUIDField(source="public_id")
    mode = serializers.CharField()
    status = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    category = serializers.CharField(source="category.slug", allow_null=True, default=None)
    reference_product = serializers.CharField(source="reference_product.slug", allow_null=True, default=None)
    quantity = serializers.IntegerField()
    unit = serializers.CharField()
    sizes = serializers.CharField(allow_blank=True)
    colours = serializers.CharField(allow_blank=True)
    materials = serializers.CharField(allow_blank=True)
    custom_logo = serializers.BooleanField()
    custom_packaging = serializers.BooleanField()
    target_unit_price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    target_currency = serializers.CharField(allow_blank=True)
    destination_country = serializers.CharField()
    destination_place = serializers.CharField()
    incoterm = serializers.CharField()
    incoterm_place = serializers.CharField()
    wanted_by = serializers.DateField(allow_null=True)
    sample_wanted = serializers.BooleanField()
    closes_on = serializers.DateField()
    buyer_business_type = serializers.CharField(source="business.business_type")
    buyer_country = serializers.CharField(source="business.country")
    photos = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(RFQPhotoOutput(many=True))
    def get_photos(self, rfq: RFQ) -> list[dict[str, Any]]:
        return RFQPhotoOutput(rfq.photos.all(), many=True).data


class BuyerRFQOutput(RFQOutput):
    quotes = serializers.SerializerMethodField()

    def get_quotes(self, rfq: RFQ) -> list[dict[str, Any]]:
        return QuoteOutput(rfq.quotes.all(), many=True).data


class ArtisanRFQOutput(RFQOutput):
    my_quote = serializers.SerializerMethodField()

    def get_my_quote(self, rfq: RFQ) -> dict[str, Any] | None:
        quotes = list(rfq.quotes.all())
        return QuoteOutput(quotes[0]).data if quotes else None


# --- input --------------------------------------------------------------------------------------------------------


class RFQCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=140, allow_blank=True)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    quantity = serializers.IntegerField(min_value=1, max_value=QUANTITY_MAX)
    unit = serializers.ChoiceField(choices=Unit.choices, required=False, default=Unit.PIECES)
    category = serializers.SlugField(required=False, allow_blank=True, help_text="category slug")
    reference_product = serializers.SlugField(required=False, allow_blank=True, help_text="product slug")
    artisan = serializers.SlugField(required=False, allow_blank=True, help_text="artisan slug: a direct RFQ")
    sizes = serializers.CharField(max_length=200, required=False, allow_blank=True)
    colours = serializers.CharField(max_length=200, required=False, allow_blank=True)
    materials = serializers.CharField(max_length=200, required=False, allow_blank=True)
    custom_logo = serializers.BooleanField(required=False, default=False)
    custom_packaging = serializers.BooleanField(required=False, default=False)
    target_unit_price = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    target_currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    destination_country = serializers.CharField(max_length=2)
    destination_place = serializers.CharField(max_length=120)
    incoterm = serializers.ChoiceField(choices=Incoterm.choices)
    incoterm_place = serializers.CharField(max_length=120)
    wanted_by = serializers.DateField(required=False, allow_null=True)
    sample_wanted = serializers.BooleanField(required=False, default=False)
    closes_on = serializers.DateField()


class LadderRowInput(serializers.Serializer):
    min_quantity = serializers.IntegerField(min_value=1, max_value=QUANTITY_MAX)
    unit_price = serializers.IntegerField(min_value=1, max_value=PRICE_MAX)


class QuoteTermsInput(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=QUANTITY_MAX)
    ladder = LadderRowInput(many=True)
    production_lead_days = serializers.IntegerField(min_value=1, max_value=LEAD_DAYS_MAX)
    incoterm = serializers.ChoiceField(choices=Incoterm.choices)
    incoterm_place = serializers.CharField(max_length=120)
    sample_included = serializers.BooleanField(required=False, default=False)
    sample_price = serializers.IntegerField(min_value=0, max_value=PRICE_MAX, required=False, default=0)
    sample_lead_days = serializers.IntegerField(min_value=1, max_value=LEAD_DAYS_MAX, required=False, allow_null=True)
    freight_estimate = serializers.IntegerField(min_value=0, max_value=PRICE_MAX, required=False, allow_null=True)
    insurance_estimate = serializers.IntegerField(min_value=0, max_value=PRICE_MAX, required=False, allow_null=True)
    deposit_percent = serializers.IntegerField(min_value=1, max_value=100, required=False, default=50)
    valid_until = serializers.DateField(required=False, allow_null=True)
    wanted_by = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


class QuoteCreateInput(QuoteTermsInput):
    send = serializers.BooleanField(required=False, default=False, help_text="send at once instead of a draft")


class CounterInput(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=QUANTITY_MAX, required=False, allow_null=True)
    unit_price = serializers.IntegerField(min_value=1, max_value=PRICE_MAX, required=False, allow_null=True)
    wanted_by = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


class AcceptInput(serializers.Serializer):
    revision = serializers.IntegerField(min_value=1, max_value=32767, required=False, allow_null=True)


class QuoteReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


class InviteInput(serializers.Serializer):
    artisan = serializers.SlugField()


class QuoteOrderOutput(serializers.Serializer):
    id = serializers.IntegerField()
    quote = serializers.UUIDField(source="quote.public_id")
    kind = serializers.CharField()
    status = serializers.CharField()
    revision = serializers.IntegerField()
    quantity = serializers.IntegerField()
    unit_price = serializers.IntegerField()
    goods_total = serializers.IntegerField()
    deposit_percent = serializers.IntegerField()
    deposit_amount = serializers.IntegerField()
    balance_amount = serializers.IntegerField()
    incoterm = serializers.CharField()
    incoterm_place = serializers.CharField()
    first_order = serializers.CharField(source="first_order.number")
    first_order_status = serializers.CharField(source="first_order.status")
    balance_order = serializers.CharField(source="balance_order.number", allow_null=True, default=None)
    balance_order_status = serializers.CharField(source="balance_order.status", allow_null=True, default=None)
    goods_ready_at = serializers.DateTimeField(allow_null=True)
    photos = serializers.SerializerMethodField()

    def get_photos(self, quote_order) -> list[str]:
        return [reverse("quotes:goods-photo", args=[p.pk]) for p in quote_order.photos.all()]


class GoodsPhotosInput(serializers.Serializer):
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=10, help_text="photos of the finished goods"
    )
