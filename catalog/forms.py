"""Browser forms: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product, Variant
from craftmarket.common.regions import PROVINCE_CHOICES
from craftmarket.common.validators import int_bounds, int_max

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("popularity", _("Popularity")),
    ("rating", _("Rating")),
    ("unit_price_at", _("Unit price at my quantity")),
]
RATING_CHOICES = [("", _("Any rating")), ("4", _("4 stars and up")), ("3", _("3 stars and up"))]


class ProductFilterForm(forms.Form):
    """The browse and search query string (web and API): q, category, material, province, price range, in stock,
    made to order, artisan, min_rating (4 = "4 stars and up"), sort."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.SlugField(label=_("Category"), required=False, max_length=80)
    material = forms.CharField(label=_("Material"), required=False, max_length=40)
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All provinces")), *PROVINCE_CHOICES]
    )
    price_min = forms.IntegerField(label=_("Min price (Rp)"), required=False, min_value=0)
    price_max = forms.IntegerField(label=_("Max price (Rp)"), required=False, min_value=0)
    in_stock = forms.BooleanField(label=_("In stock"), required=False)
    made_to_order = forms.BooleanField(label=_("Made to order"), required=False)
    artisan = forms.SlugField(label=_("Artisan"), required=False, max_length=140)
    min_rating = forms.TypedChoiceField(
        label=_("Rating"), required=False, choices=RATING_CHOICES, coerce=int, empty_value=None
    )
    # Wholesale (README "Wholesale"): products with quantity price tiers, with tiers for verified businesses, an
    # MOQ up to N, shipping within N days (in stock, or made to order with a lead time up to N), and the quantity
    # that ``sort=unit_price_at`` prices at.
    wholesale = forms.BooleanField(label=_("Wholesale prices"), required=False)
    business_prices = forms.BooleanField(label=_("Verified business prices"), required=False)
    samples = forms.BooleanField(label=_("Samples available"), required=False)
    moq_max = forms.IntegerField(
        label=_("Minimum order up to"), required=False, **int_bounds(Product, "min_order_quantity")
    )
    ships_within = forms.IntegerField(label=_("Ships within (days)"), required=False, min_value=1, max_value=365)
    quantity = forms.IntegerField(label=_("Quantity"), required=False, **int_bounds(Product, "min_order_quantity"))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lo, hi = data.get("price_min"), data.get("price_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("price_max", _("The maximum price is below the minimum."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files in one input; each is validated by the service (validate_image)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProductForm(forms.ModelForm):
    stock = forms.IntegerField(
        label=_("Stock"),
        required=False,
        max_value=int_max(Variant, "stock"),
        help_text=_("Units ready to ship (the default variant)."),
    )
    images = MultipleImageField(
        label=_("Photos"), required=False, help_text=_("JPEG, PNG or WebP; at most 10 MB each and 10 per product.")
    )
    image_alt = forms.CharField(
        label=_("Photo description (alt text)"), required=False, max_length=200, help_text=_("What the photo shows.")
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "description",
            "materials",
            "technique",
            "province",
            "price",
            "weight_grams",
            "length_cm",
            "width_cm",
            "height_cm",
            "min_order_quantity",
            "made_to_order",
            "lead_time_days",
            "care_instructions",
            "hs_code",
            "svlk_certified",
            "svlk_document_number",
            "timber_document_kind",
            "timber_species",
            "timber_species_scientific",
            "timber_harvest_country",
            "timber_volume_m3",
            "timber_weight_grams",
            "ships_abroad",
            "name_en",
            "description_en",
            "care_instructions_en",
        ]
        help_texts = {
            "materials": _("Comma-separated, e.g. rotan, pandan."),
            "technique": _("Comma-separated, e.g. anyam, ukir."),
            "province": _("Leave empty to use your workshop's province."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.select_related("parent").order_by(
            "parent__position", "parent_id", "position"
        )
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.parent.name_id} › {c.name_id}" if c.parent else c.name_id
        )
        self.fields["province"].required = False
        self.fields["weight_grams"].required = True
        for name in ("price", "weight_grams", "min_order_quantity", "lead_time_days"):
            self.fields[name].min_value = None  # the service's message is the one shown
        if self.instance.pk:
            del self.fields["stock"]

    def _post_clean(self) -> None:
        # Model validation happens in the service, which reports it per field.
        pass

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for text in ("description", "materials", "technique", "province", "care_instructions", "hs_code"):
            data[text] = data[text] or ""
        for text in (
            "svlk_document_number",
            "name_en",
            "description_en",
            "care_instructions_en",
            "timber_document_kind",
            "timber_species",
            "timber_species_scientific",
            "timber_harvest_country",
        ):
            data[text] = data[text] or ""
        return data


class QuickEditForm(forms.Form):
    """Price and stock of one variant, from the studio list."""

    variant = forms.IntegerField(widget=forms.HiddenInput)
    price = forms.IntegerField(label=_("Price (Rp)"), max_value=int_max(Variant, "price"))
    stock = forms.IntegerField(label=_("Stock"), max_value=int_max(Variant, "stock"))


class VariantAddForm(forms.Form):
    """A new variant of a product in the studio: what buyers choose (a size, a colour), its price and stock."""

    name = forms.CharField(label=_("Variant"), max_length=120, help_text=_("What buyers choose, e.g. Size L or Blue."))
    price = forms.IntegerField(label=_("Price (Rp)"), **int_bounds(Variant, "price"))
    stock = forms.IntegerField(label=_("Stock"), initial=0, **int_bounds(Variant, "stock"))
    sku = forms.CharField(label=_("SKU"), max_length=64, required=False, help_text=_("Leave empty to number it."))


class ImageReorderForm(forms.Form):
    order = forms.CharField(widget=forms.HiddenInput)

    def clean_order(self) -> list[int]:
        try:
            return [int(x) for x in self.cleaned_data["order"].split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError(_("Invalid order.")) from None
