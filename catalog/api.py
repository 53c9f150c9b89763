"""Catalogue API (/api/v1/): categories, public browse and search, and the owning artisan's product writes.

Thin views: input serializers parse, services and selectors decide. Another artisan's product is a 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound as DRFNotFound
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import paging, selectors, services
from catalog.forms import ProductFilterForm
from catalog.models import Category, Product, ProductImage, TimberDocument, Variant
from catalog.wholesale import selectors as wholesale_selectors
from catalog.wholesale import services as wholesale_services
from catalog.wholesale.serializers import (
    SampleInputSerializer,
    SampleOutput,
    TierOutput,
    sample_input,
    tier_inputs,
    tier_list_field,
)
from craftmarket.common.api import Pagination
from craftmarket.common.errors import NotFound
from craftmarket.common.image_api import RenditionsOutput
from craftmarket.common.money import format_idr
from craftmarket.common.regions import PROVINCE_CHOICES
from craftmarket.common.validators import int_bounds, int_max
from craftmarket.currency.display import DisplayCurrency, cache_token, check_currency, converted_out, display_currency

# --- output -------------------------------------------------------------------------------------------------


class ConvertedPriceOutput(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.CharField(help_text="Decimal string, rounded half up to the currency's ISO 4217 minor units.")
    display = serializers.CharField(help_text="Formatted for the response language, e.g. €25.30.")
    rate_date = serializers.DateField(allow_null=True)
    approximate = serializers.BooleanField(help_text="Always true: the payment is in IDR.")


class _ConvertedPrice(serializers.SerializerMethodField):
    """``price`` in the ``?currency=`` of the request (``context["display"]``); null without one, for IDR, or
    when that currency's rate is stale or missing."""

    def to_representation(self, value):
        return converted_out(self.context.get("display"), getattr(value, "price", None))


def converted_price_field():
    return extend_schema_field(ConvertedPriceOutput(allow_null=True))(_ConvertedPrice)()


class CategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name_id = serializers.CharField()
    name_en = serializers.CharField()
    children = serializers.SerializerMethodField()

    def get_children(self, node) -> list[dict[str, Any]]:
        return CategoryOutput(node.children, many=True).data


class ImageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    alt_text = serializers.CharField()
    is_primary = serializers.BooleanField()
    position = serializers.IntegerField()
    url = serializers.CharField(help_text='The widest WebP rendition ("" while none is ready).')
    srcset = serializers.CharField(help_text="WebP renditions; see renditions.jpeg for the fallback.")
    renditions = RenditionsOutput(source="*")


class ArtisanBrief(serializers.Serializer):
    slug = serializers.CharField()
    business_name = serializers.CharField()
    province = serializers.CharField()
    regency = serializers.CharField()


class ProductListOutput(serializers.Serializer):
    slug = serializers.CharField()
    # ``name`` and ``description`` are in the client's language (Accept-Language); the artisan's own texts
    # stay available as ``name_id``/``name_en`` and ``description_id``/``description_en``.
    name = serializers.CharField(source="display_name")
    name_id = serializers.CharField(source="name")
    name_en = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")
    price = serializers.IntegerField()
    price_display = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    price_converted = converted_price_field()
    category = serializers.CharField(source="category.slug")
    province = serializers.CharField()
    materials = serializers.ListField(source="material_list", child=serializers.CharField())
    made_to_order = serializers.BooleanField()
    lead_time_days = serializers.IntegerField(allow_null=True)
    min_order_quantity = serializers.IntegerField()
    artisan = ArtisanBrief()
    image = serializers.SerializerMethodField()
    # The stored aggregate of the visible reviews: average rounded half up to 2 places (0 without reviews).
    rating_average = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)
    rating_count = serializers.IntegerField()
    # The cheapest tier open to everyone ("from Rp 72.000 at 200 pcs"), stored on the product: no query.
    wholesale_price = serializers.IntegerField(allow_null=True)
    wholesale_quantity = serializers.IntegerField(allow_null=True)
    wholesale_business_only = serializers.BooleanField()

    def get_price_display(self, product: Product) -> str:
        return format_idr(product.price)

    def get_currency(self, product: Product) -> str:
        return "IDR"

    def get_image(self, product: Product) -> dict[str, Any] | None:
        images = getattr(product, "primary_images", None)
        if images is None:
            images = [i for i in product.images.all() if i.is_primary]
        return ImageOutput(images[0]).data if images else None


class VariantOutput(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    name = serializers.CharField()
    price = serializers.IntegerField()
    price_converted = converted_price_field()
    stock = serializers.IntegerField()
    is_default = serializers.BooleanField()
    tiers = serializers.SerializerMethodField()

    @extend_schema_field(TierOutput(many=True))
    def get_tiers(self, variant: Variant) -> list[dict[str, Any]]:
        """The variant's quantity price tiers as the caller may see them (``context["tiers"]``: variant id →
        ``TierRow`` list, read once per product by the view)."""
        rows = self.context.get("tiers", {}).get(variant.pk, [])
        return TierOutput(rows, many=True).data


class ProductDetailOutput(ProductListOutput):
    status = serializers.CharField()
    description = serializers.CharField(source="display_description")
    description_id = serializers.CharField(source="description")
    description_en = serializers.CharField()
    technique = serializers.ListField(source="technique_list", child=serializers.CharField())
    length_cm = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)
    width_cm = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)
    height_cm = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)
    weight_grams = serializers.IntegerField()
    care_instructions = serializers.CharField()
    care_instructions_en = serializers.CharField()
    hs_code = serializers.CharField()
    svlk_certified = serializers.BooleanField()
    svlk_document_number = serializers.CharField()
    timber_document_kind = serializers.CharField()
    timber_species = serializers.CharField()
    timber_species_scientific = serializers.CharField()
    timber_harvest_country = serializers.CharField()
    timber_volume_m3 = serializers.DecimalField(max_digits=9, decimal_places=4, allow_null=True)
    timber_weight_grams = serializers.IntegerField(allow_null=True)
    ships_abroad = serializers.BooleanField()
    rejection_reason = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    variants = VariantOutput(many=True)
    images = ImageOutput(many=True)
    monthly_capacity = serializers.IntegerField(allow_null=True)
    # The sample terms (catalog.wholesale.SampleOffer), null when the product offers no samples.
    sample = serializers.SerializerMethodField()

    @extend_schema_field(SampleOutput(allow_null=True))
    def get_sample(self, product: Product) -> dict[str, Any] | None:
        offer = wholesale_selectors.sample_offer(product)
        return SampleOutput(offer).data if offer is not None else None

    def get_image(self, product: Product) -> dict[str, Any] | None:
        images = [i for i in product.images.all() if i.is_primary]
        return ImageOutput(images[0]).data if images else None


# --- input --------------------------------------------------------------------------------------------------


class VariantInput(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    name = serializers.CharField(max_length=80, allow_blank=True, default="")
    sku = serializers.CharField(max_length=64, allow_blank=True, default="")
    price = serializers.IntegerField(max_value=int_max(Variant, "price"))
    stock = serializers.IntegerField(default=0, max_value=int_max(Variant, "stock"))
    # Only for an existing variant (with ``id``): replaces its quantity price tiers.
    tiers = tier_list_field()


class ProductInput(serializers.Serializer):
    """Numbers are whole: price in rupiah, weight in grams. Upper limits are the model fields' declared ranges;
    the lower limits and the rules between fields are the service's (400 with field messages)."""

    name = serializers.CharField(max_length=140)
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    description = serializers.CharField(allow_blank=True, required=False, max_length=10000)
    name_en = serializers.CharField(allow_blank=True, required=False, max_length=140)
    description_en = serializers.CharField(allow_blank=True, required=False, max_length=10000)
    materials = serializers.ListField(child=serializers.CharField(max_length=40), required=False, max_length=20)
    technique = serializers.ListField(child=serializers.CharField(max_length=40), required=False, max_length=20)
    province = serializers.ChoiceField(choices=PROVINCE_CHOICES, required=False, allow_blank=True)
    length_cm = serializers.DecimalField(max_digits=7, decimal_places=1, required=False, allow_null=True)
    width_cm = serializers.DecimalField(max_digits=7, decimal_places=1, required=False, allow_null=True)
    height_cm = serializers.DecimalField(max_digits=7, decimal_places=1, required=False, allow_null=True)
    price = serializers.IntegerField(required=False, max_value=int_max(Product, "price"))
    weight_grams = serializers.IntegerField(max_value=int_max(Product, "weight_grams"))
    min_order_quantity = serializers.IntegerField(required=False, max_value=int_max(Product, "min_order_quantity"))
    made_to_order = serializers.BooleanField(required=False)
    lead_time_days = serializers.IntegerField(
        required=False, allow_null=True, max_value=int_max(Product, "lead_time_days")
    )
    care_instructions = serializers.CharField(allow_blank=True, required=False, max_length=2000)
    care_instructions_en = serializers.CharField(allow_blank=True, required=False, max_length=2000)
    hs_code = serializers.CharField(allow_blank=True, required=False, max_length=10)
    svlk_certified = serializers.BooleanField(required=False)
    svlk_document_number = serializers.CharField(allow_blank=True, required=False, max_length=80)
    timber_document_kind = serializers.ChoiceField(choices=TimberDocument.choices, allow_blank=True, required=False)
    timber_species = serializers.CharField(allow_blank=True, required=False, max_length=80)
    timber_species_scientific = serializers.CharField(allow_blank=True, required=False, max_length=120)
    timber_harvest_country = serializers.CharField(allow_blank=True, required=False, max_length=2)
    timber_volume_m3 = serializers.DecimalField(
        max_digits=9, decimal_places=4, min_value=Decimal("0.0001"), allow_null=True, required=False
    )
    timber_weight_grams = serializers.IntegerField(
        allow_null=True, required=False, **int_bounds(Product, "timber_weight_grams")
    )
    ships_abroad = serializers.BooleanField(required=False)
    stock = serializers.IntegerField(required=False, max_value=int_max(Variant, "stock"))
    variants = VariantInput(many=True, required=False)
    # The default variant's quantity price tiers (replaced as a whole; [] removes them).
    tiers = tier_list_field()
    # Made to order: pieces per month; the lead time buyers see grows with the quantity (null clears it).
    monthly_capacity = serializers.IntegerField(
        required=False, allow_null=True, max_value=int_max(Product, "monthly_capacity")
    )
    # The sample terms (null withdraws them).
    sample = SampleInputSerializer(required=False, allow_null=True)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not self.partial and "price" not in data and not data.get("variants"):
            raise serializers.ValidationError({"price": ["This field is required."]})
        if any("tiers" in v and v.get("id") is None for v in data.get("variants", [])):
            raise serializers.ValidationError({"tiers": [_("Set the tiers of a new variant once it has an id.")]})
        return data


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], int | None, list[services.VariantInput]]:
    data = dict(data)
    stock = data.pop("stock", None)
    data.pop("tiers", None)
    data.pop("monthly_capacity", None)
    data.pop("sample", None)
    variants = [
        services.VariantInput(**{k: val for k, val in v.items() if k != "tiers"}) for v in data.pop("variants", [])
    ]
    return data, stock, variants


def _tiers(data: dict[str, Any], product: Product) -> dict[int, list]:
    """Variant id → the tier ladder the request sets (none when it sets none)."""
    wanted: dict[int, list] = {}
    if "tiers" in data:
        default = next((v for v in product.variants.all() if v.is_default), None)
        if default is not None:
            wanted[default.pk] = tier_inputs(data["tiers"])
    for v in data.get("variants", []):
        if "tiers" in v and v.get("id") is not None:
            wanted[v["id"]] = tier_inputs(v["tiers"])
    return wanted


def _wholesale_write(request, product: Product, data: dict[str, Any]) -> None:
    """The request's tiers and monthly capacity, if it sets any (inside the caller's transaction)."""
    tiers = _tiers(data, product)
    if tiers or "monthly_capacity" in data:
        wholesale_services.product_tiers_set(
            product=product,
            by=request.user,
            tiers=tiers,
            monthly_capacity=data.get("monthly_capacity", wholesale_services.KEEP),
        )
    if "sample" in data:
        try:
            wholesale_services.product_sample_set(product=product, by=request.user, sample=sample_input(data["sample"]))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"sample": exc.message_dict}) from exc


def _detail(request, product: Product, display: DisplayCurrency | None = None) -> dict[str, Any]:
    """The product's detail with its tiers as this caller may see them (one query for every variant's tiers), and
    its prices converted to ``display`` when the caller asked for a currency."""
    business = wholesale_selectors.sees_business_prices(product=product, viewer=request.user)
    tiers = wholesale_selectors.tiers_by_variant(v.pk for v in product.variants.all())
    rows = {vid: wholesale_selectors.tier_rows(t, business=business) for vid, t in tiers.items()}
    return ProductDetailOutput(product, context={"tiers": rows, "display": display}).data


class ImageInput(serializers.Serializer):
    image = serializers.FileField()
    alt_text = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class ProductPagination(Pagination):
    """The shared pagination with a capped count: ``count`` stops at 10,001 for very broad lists, at 501 for a
    search (catalog.search.RESULT_LIMIT)."""

    django_paginator_class = paging.CappedPaginator


# --- views --------------------------------------------------------------------------------------------------


def _filters(request) -> dict[str, Any]:
    form = ProductFilterForm(request.query_params)
    if not form.is_valid():
        raise serializers.ValidationError(
            {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        )
    return form.cleaned_data


def _artisan(request):
    artisan = getattr(request.user, "artisan", None)
    if artisan is None:
        raise DRFPermissionDenied(_("Only artisans can list products."))
    return artisan


def _own(request, slug: str) -> Product:
    try:
        return selectors.product_get_for_owner(artisan=getattr(request.user, "artisan", None), slug=slug)
    except NotFound:
        raise DRFNotFound() from None


class CategoryListView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=CategoryOutput(many=True))
    def get(self, request):
        return Response(CategoryOutput(selectors.category_tree(), many=True).data)


FILTER_PARAMS = [
    OpenApiParameter(name, str, required=False)
    for name in (
        "q",
        "category",
        "material",
        "province",
        "price_min",
        "price_max",
        "in_stock",
        "made_to_order",
        "artisan",
        "min_rating",
        "sort",
    )
]


CURRENCY_PARAM = OpenApiParameter(
    "currency",
    str,
    required=False,
    description="Also show prices in this currency (ISO 4217: IDR, USD, EUR, GBP, SGD, AUD, JPY, MYR, CNY, AED by "
    "default; settings.DISPLAY_CURRENCIES). Each price then gains `price_converted`, approximate at the latest "
    "Bank Indonesia mid rate; it is null when that rate is older than EXCHANGE_RATE_MAX_AGE_DAYS (stale). "
    "An unknown code is a 400 with a `currency` message. Payment is always in IDR.",
)


def _display(request) -> DisplayCurrency | None:
    raw = request.query_params.get("currency")
    if raw is None:
        return None
    return display_currency(check_currency(raw))


class ProductListView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = ProductPagination  # read by the schema generator: the list is documented as paginated

    @extend_schema(parameters=[*FILTER_PARAMS, CURRENCY_PARAM], responses=ProductListOutput(many=True))
    def get(self, request):
        shown = _display(request)
        # The same for every caller (public products only), so kept like the list pages' parts: per URL, host and
        # language (the next/previous links are absolute), retired by any catalogue change.
        key = selectors.list_fragment_key(
            path=f"api:{request.get_host()}{request.path}",
            params={**dict(request.query_params.lists()), "_currency": cache_token(shown)},
        )
        data = cache.get(key)
        if data is None:
            filters = _filters(request)
            try:
                qs = selectors.product_list_public(filters=filters)
            except NotFound:
                return Response({"category": ["Unknown category."]}, status=status.HTTP_400_BAD_REQUEST)
            paginator = self.pagination_class()
            page = paginator.paginate_queryset(qs, request, view=self)
            data = paginator.get_paginated_response(
                ProductListOutput(page, many=True, context={"display": shown}).data
            ).data
            cache.set(key, data, selectors.LIST_FRAGMENT_SECONDS)
        return Response(data)

    @extend_schema(request=ProductInput, responses={201: ProductDetailOutput})
    def post(self, request):
        artisan = _artisan(request)
        data = ProductInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields, stock, variants = _split(data.validated_data)
        # The product and its tiers are one write: a broken tier rule leaves no product behind.
        with transaction.atomic():
            product = services.product_create(
                artisan=artisan, by=request.user, fields=fields, stock=stock or 0, variants=variants
            )
            _wholesale_write(request, product, data.validated_data)
        product = selectors.product_get_for_owner(artisan=artisan, slug=product.slug)
        return Response(_detail(request, product), status=status.HTTP_201_CREATED)


class ProductDetailView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(parameters=[CURRENCY_PARAM], responses=ProductDetailOutput)
    def get(self, request, slug: str):
        shown = _display(request)
        artisan = getattr(request.user, "artisan", None)
        try:
            product = selectors.product_get_public(slug=slug)
        except NotFound:
            product = _own(request, slug) if artisan is not None else None
        if product is None:
            raise DRFNotFound()
        return Response(_detail(request, product, display=shown))

    @extend_schema(request=ProductInput, responses=ProductDetailOutput)
    def patch(self, request, slug: str):
        product = _own(request, slug)
        data = ProductInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields, stock, variants = _split(data.validated_data)
        # The product's fields and its tiers are one write: a broken tier rule leaves the product as it was.
        with transaction.atomic():
            services.product_update(product=product, by=request.user, fields=fields, stock=stock, variants=variants)
            _wholesale_write(request, _own(request, slug), data.validated_data)
        return Response(_detail(request, _own(request, slug)))

    @extend_schema(responses={204: None})
    def delete(self, request, slug: str):
        services.product_delete(product=_own(request, slug), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductImageView(APIView):
    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ImageInput, responses={201: ImageOutput})
    def post(self, request, slug: str):
        product = _own(request, slug)
        data = ImageInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            image = services.product_image_add(
                product=product,
                by=request.user,
                file=data.validated_data["image"],
                alt_text=data.validated_data.get("alt_text", ""),
            )
        except DjangoValidationError as exc:
            # The service names the field "images"; this endpoint's field is "image".
            messages = exc.message_dict.get("images") if hasattr(exc, "error_dict") else None
            if messages:
                return Response({"image": messages}, status=status.HTTP_400_BAD_REQUEST)
            raise
        return Response(ImageOutput(image).data, status=status.HTTP_201_CREATED)


class ProductImageDeleteView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request, slug: str, image_id: int):
        product = _own(request, slug)
        image = ProductImage.objects.filter(product=product, pk=image_id).first()
        if image is None:
            raise DRFNotFound()
        services.product_image_remove(image=image, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductSubmitView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=ProductDetailOutput)
    def post(self, request, slug: str):
        product = services.product_submit(product=_own(request, slug), by=request.user)
        return Response(ProductDetailOutput(_own(request, product.slug)).data)
