"""Cart, addresses, shipping rates, purchases (what the buyer pays once), per-artisan orders and payments."""

from __future__ import annotations

import uuid

from babel import Locale
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from catalog.models import Variant
from craftmarket.common.regions import PROVINCE_CHOICES, province_name
from craftmarket.common.storage import private_storage
from craftmarket.common.validators import (
    BIGINT_MAX,
    INTEGER_MAX,
    LEAD_TIME_DAYS_MAX,
    PRICE_MAX,
    QUANTITY_MAX,
    WEIGHT_GRAMS_MAX,
    int_range,
)


class Cart(models.Model):
    """One per signed-in buyer (``user``) or per anonymous session (``token`` kept in the session)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cart",
        verbose_name=_("buyer"),
    )
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return f"cart {self.token}"


class CartLine(models.Model):
    """A variant and a quantity. ``unit_price`` is the price the buyer saw when adding it (or last confirmed)."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines", verbose_name=_("cart"))
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="+", verbose_name=_("variant"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=int_range(1, QUANTITY_MAX))
    unit_price = models.BigIntegerField(_("unit price when added (IDR)"), validators=int_range(0, PRICE_MAX))
    # Wholesale (catalog.wholesale): the variant's normal price the buyer saw, and the quantity the tier that set
    # ``unit_price`` starts at (None: no tier). ``unit_price`` is what each piece costs, tier or not.
    list_price = models.BigIntegerField(
        _("normal price when added (IDR)"), null=True, blank=True, validators=int_range(0, PRICE_MAX)
    )
    tier_quantity = models.PositiveIntegerField(
        _("price tier (from quantity)"), null=True, blank=True, validators=int_range(1, QUANTITY_MAX)
    )
    # A sample line (catalog.wholesale.SampleOffer): its own line even beside a normal line of the same variant,
    # priced at the sample price, no MOQ, at most the offer's units per buyer.
    is_sample = models.BooleanField(_("sample"), default=False)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant", "is_sample"], name="cartline_one_per_variant"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cartline_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="cartline_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"


class Address(models.Model):
    """A delivery address: Indonesian format, or an international one (``country`` other than ID)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("buyer")
    )
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=40, blank=True, help_text=_("e.g. Home, Office."))
    recipient = models.CharField(_("recipient"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="ID")
    street = models.CharField(_("street address"), max_length=255)
    rt_rw = models.CharField(_("RT/RW"), max_length=15, blank=True)
    kelurahan = models.CharField(_("kelurahan / desa"), max_length=80, blank=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=80, blank=True)
    city = models.CharField(_("kabupaten / kota or city"), max_length=80)
    province = models.CharField(_("province"), max_length=5, choices=PROVINCE_CHOICES, blank=True)
    region = models.CharField(_("state / region"), max_length=80, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(country="ID") | ~Q(province=""), name="address_domestic_has_province"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}, {self.city}"

    @property
    def is_domestic(self) -> bool:
        return self.country == "ID"

    def lines(self) -> list[str]:
        """The address as printed on a label."""
        if self.is_domestic:
            parts = [self.street + (f" RT/RW {self.rt_rw}" if self.rt_rw else "")]
            parts.append(", ".join(p for p in (self.kelurahan, self.kecamatan) if p))
            parts.append(f"{self.city}, {province_name(self.province)} {self.postal_code}")
        else:
            parts = [self.street, ", ".join(p for p in (self.city, self.region, self.postal_code) if p), self.country]
        return [p for p in parts if p]

    def snapshot(self) -> dict[str, str]:
        return {
            "recipient": self.recipient,
            "phone": self.phone,
            "country": self.country,
            "province": self.province,
            "lines": self.lines(),
        }


def iso_country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code (CLDR's territories through Babel), Indonesia included."""
    return frozenset(c for c in Locale.parse("en").territories if len(c) == 2 and c.isalpha() and c != "ZZ")


class ShippingZone(models.Model):
    """A destination zone abroad (README "Shipping abroad"): a list of ISO 3166 country codes, each in one zone at
    most. National moderators edit them in the admin; international ShippingRate rows are priced per zone."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_id = models.CharField(_("name (Indonesian)"), max_length=80)
    countries = models.JSONField(_("countries"), default=list, blank=True)

    class Meta:
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en

    def clean(self) -> None:
        codes = self.countries if isinstance(self.countries, list) else None
        if codes is None or not all(isinstance(c, str) for c in codes):
            raise ValidationError({"countries": _("Enter a list of ISO 3166 country codes.")})
        codes = [c.strip().upper() for c in codes]
        known = iso_country_codes()
        errors = []
        unknown = sorted({c for c in codes if c not in known})
        if unknown:
            errors.append(_("Not ISO 3166 country codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        if "ID" in codes:
            errors.append(_("Indonesia is domestic: it belongs in no zone."))
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            errors.append(_("Listed twice: %(codes)s.") % {"codes": ", ".join(repeated)})
        taken = sorted(
            f"{c} ({zone.name_en})"
            for zone in ShippingZone.objects.exclude(pk=self.pk)
            for c in zone.countries
            if c in codes
        )
        if taken:
            errors.append(_("Already in another zone: %(codes)s.") % {"codes": ", ".join(taken)})
        if errors:
            raise ValidationError({"countries": errors})
        self.countries = codes

    def name(self) -> str:
        """The zone's name in the active language."""
        return self.name_id if (get_language() or "id").startswith("id") else self.name_en


class ShippingRate(models.Model):
    """A courier service's price in one zone, managed by staff in the admin. An international rate (zone
    ``international``) belongs to one destination ``shipping_zone``; a domestic one to none."""

    class Zone(models.TextChoices):
        SAME_PROVINCE = "same_province", _("Same province")
        SAME_ISLAND = "same_island", _("Same island")
        OTHER_ISLAND = "other_island", _("Other island")
        INTERNATIONAL = "international", _("International")

    courier = models.CharField(_("courier"), max_length=40)
    service = models.CharField(_("service"), max_length=40)
    zone = models.CharField(_("zone"), max_length=16, choices=Zone.choices)
    first_kg_price = models.BigIntegerField(_("first kg (IDR)"), validators=int_range(0, PRICE_MAX))
    next_kg_price = models.BigIntegerField(_("each next kg (IDR)"), validators=int_range(0, PRICE_MAX))
    estimated_days = models.CharField(_("estimated days"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)
    shipping_zone = models.ForeignKey(
        ShippingZone,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rates",
        verbose_name=_("destination zone"),
    )

    class Meta:
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rates")
        ordering = ["zone", "first_kg_price", "courier", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["courier", "service", "zone"],
                condition=Q(shipping_zone__isnull=True),
                name="shippingrate_unique_service_zone",
            ),
            models.UniqueConstraint(
                fields=["courier", "service", "shipping_zone"],
                condition=Q(shipping_zone__isnull=False),
                name="shippingrate_unique_service_destination",
            ),
            models.CheckConstraint(
                condition=Q(first_kg_price__gte=0, next_kg_price__gte=0), name="shippingrate_prices_not_negative"
            ),
        ]

    def __str__(self) -> str:
        where = self.shipping_zone.name_en if self.shipping_zone_id else self.get_zone_display()
        return f"{self.courier} {self.service} ({where})"

    def clean(self) -> None:
        if (self.zone == self.Zone.INTERNATIONAL) != (self.shipping_zone_id is not None):
            raise ValidationError(
                {"shipping_zone": _("An international rate needs a destination zone; a domestic one has none.")}
            )

    @property
    def label(self) -> str:
        return f"{self.courier} {self.service}"


class Purchase(models.Model):
    """What the buyer pays, once, for one checkout. Holds one Order per artisan."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        MIDTRANS = "midtrans", _("Midtrans (card, VA, QRIS, e-wallet)")

    number = models.CharField(_("number"), max_length=20, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("buyer")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT, db_index=True
    )
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=Method.choices, default=Method.BANK_TRANSFER
    )
    items_total = models.BigIntegerField(_("items (IDR)"), validators=int_range(0, BIGINT_MAX))
    shipping_total = models.BigIntegerField(_("shipping (IDR)"), validators=int_range(0, BIGINT_MAX))
    unique_code = models.PositiveSmallIntegerField(_("unique code"), default=0, validators=int_range(0, 999))
    amount_due = models.BigIntegerField(_("amount to pay (IDR)"), validators=int_range(0, BIGINT_MAX))
    address = models.JSONField(_("delivery address"))
    # What the buyer saw at checkout besides rupiah (README "Display currencies"): invoices show this, not today's
    # rate. IDR with no rate: rupiah only (rupiah chosen, or the chosen currency's rate was stale).
    display_currency = models.CharField(_("display currency"), max_length=3, default="IDR")
    display_rate = models.DecimalField(
        _("rupiah per unit shown"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    display_rate_date = models.DateField(_("rate date shown"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("pay before"), db_index=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(items_total__gte=0, shipping_total__gte=0, amount_due__gte=0),
                name="purchase_amounts_not_negative",
            ),
            models.CheckConstraint(condition=Q(unique_code__lte=999), name="purchase_unique_code_3_digits"),
            # A bank transfer is matched by its amount: no two open transfers may share one.
            models.UniqueConstraint(
                fields=["amount_due"],
                condition=Q(status="awaiting_payment", payment_method="bank_transfer"),
                name="purchase_open_transfer_amount_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("orders:purchase", kwargs={"number": self.number})


class Order(models.Model):
    """One artisan's part of a Purchase, fulfilled by that artisan. Its status moves only by ORDER_MACHINE."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        PROCESSING = "processing", _("Processing")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="orders", verbose_name=_("purchase"))
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders", verbose_name=_("buyer")
    )
    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="orders", verbose_name=_("artisan"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT, db_index=True
    )
    items_total = models.BigIntegerField(_("items (IDR)"), validators=int_range(0, BIGINT_MAX))
    shipping_cost = models.BigIntegerField(_("shipping (IDR)"), validators=int_range(0, BIGINT_MAX))
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), validators=int_range(0, INTEGER_MAX))
    shipping_courier = models.CharField(_("courier"), max_length=40)
    shipping_service = models.CharField(_("service"), max_length=40)
    shipping_zone = models.CharField(_("zone"), max_length=16, choices=ShippingRate.Zone.choices)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # Wholesale: the date the artisan promised to ship by (made-to-order lines: lead time plus the days the
    # quantity needs at the product's monthly capacity), and the largest share of a product's monthly capacity
    # that one line of the order takes, in percent (flagged to the artisan above WHOLESALE_CAPACITY_FLAG_PERCENT).
    ship_by = models.DateField(_("ship by"), null=True, blank=True)
    capacity_percent = models.PositiveIntegerField(
        _("share of monthly capacity (%)"), null=True, blank=True, validators=int_range(0, INTEGER_MAX)
    )
    # Wholesale: every line of the order is a sample (catalog.wholesale.SampleOffer).
    is_sample = models.BooleanField(_("sample order"), default=False)
    # Wholesale: the price of an earlier sample order credited on this one (``items_total`` is the lines less
    # this amount, so the payment and the ledger follow it); each sample order is credited once at most.
    sample_credit = models.BigIntegerField(_("sample credit (IDR)"), default=0, validators=int_range(0, BIGINT_MAX))
    credited_sample = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credited_by",
        verbose_name=_("sample order credited"),
    )
    # Indexed: the monthly performance figures and the reconciliation read orders by when they were paid.
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True, db_index=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(items_total__gte=0, shipping_cost__gte=0), name="order_amounts_not_negative"
            ),
            models.UniqueConstraint(fields=["purchase", "artisan"], name="order_one_per_artisan_per_purchase"),
            models.CheckConstraint(condition=Q(sample_credit__gte=0), name="order_sample_credit_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def total(self) -> int:
        return self.items_total + self.shipping_cost


class OrderLine(models.Model):
    """A snapshot of what was bought: it never changes when the product does."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    variant = models.ForeignKey(
        Variant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("variant")
    )
    product_name = models.CharField(_("product"), max_length=140)
    variant_name = models.CharField(_("variant"), max_length=80, blank=True)
    sku = models.CharField(_("SKU"), max_length=64)
    unit_price = models.BigIntegerField(_("unit price (IDR)"), validators=int_range(0, PRICE_MAX))
    quantity = models.PositiveIntegerField(_("quantity"), validators=int_range(1, QUANTITY_MAX))
    weight_grams = models.PositiveIntegerField(_("unit weight (grams)"), validators=int_range(0, WEIGHT_GRAMS_MAX))
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), null=True, blank=True, validators=int_range(0, LEAD_TIME_DAYS_MAX)
    )
    # True when stock was taken at checkout (not for made-to-order); only then is it given back on cancel.
    stock_reserved = models.BooleanField(_("stock reserved"), default=True)
    # Wholesale snapshot: the normal price at checkout and the tier applied (None: none). Saving = the difference.
    list_price = models.BigIntegerField(
        _("normal price (IDR)"), null=True, blank=True, validators=int_range(0, PRICE_MAX)
    )
    tier_quantity = models.PositiveIntegerField(
        _("price tier (from quantity)"), null=True, blank=True, validators=int_range(1, QUANTITY_MAX)
    )
    # Wholesale: the lead time promised for this line's quantity (the product's lead time plus the days its
    # monthly capacity needs), in days.
    promised_days = models.PositiveIntegerField(
        _("promised lead time (days)"), null=True, blank=True, validators=int_range(0, INTEGER_MAX)
    )
    # A sample (catalog.wholesale.SampleOffer) bought at the sample price; shown as "Sample" everywhere.
    is_sample = models.BooleanField(_("sample"), default=False)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="orderline_price_not_negative"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orderline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku}"

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def saving(self) -> int:
        """What the tier saved on this line (0 without a tier)."""
        if self.tier_quantity is None or self.list_price is None:
            return 0
        return max(self.list_price - self.unit_price, 0) * self.quantity


class OrderStatusChange(models.Model):
    """History of ORDER_MACHINE: who moved which order from what to what, when and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("order"))
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"

    @property
    def to_label(self) -> str:
        return str(Order.Status(self.to_status).label) if self.to_status in Order.Status.values else self.to_status


def proof_upload_to(instance: Payment, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"payment-proofs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext[:5]}"


class Payment(models.Model):
    """A payment attempt or notification for a Purchase: a transfer proof, or a gateway transaction."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Proof submitted")
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        FAILED = "failed", _("Failed")
        LATE = "late", _("Arrived after expiry (refund)")

    purchase = models.ForeignKey(
        Purchase, on_delete=models.PROTECT, related_name="payments", verbose_name=_("purchase")
    )
    provider = models.CharField(_("provider"), max_length=20, choices=Purchase.Method.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    amount = models.BigIntegerField(_("amount (IDR)"), validators=int_range(0, BIGINT_MAX))
    proof = models.FileField(_("transfer proof"), upload_to=proof_upload_to, storage=private_storage, blank=True)
    payload = models.JSONField(_("gateway payload"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.UniqueConstraint(
                fields=["provider", "reference"], condition=~Q(reference=""), name="payment_unique_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.reference or self.pk}"


class Refund(models.Model):
    """Money the marketplace owes a buyer: an order cancelled after its purchase was paid (created with the
    cancellation, orders.services.lifecycle), or a payment that arrived after its purchase expired (created with
    the payment, orders.services.payments). Dekranas staff send the transfer and record its reference in the admin
    (orders.services.payments.refund_record)."""

    class Status(models.TextChoices):
        DUE = "due", _("To refund")
        REFUNDED = "refunded", _("Refunded")

    order = models.OneToOneField(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="refund", verbose_name=_("order")
    )
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="refund", verbose_name=_("payment")
    )
    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("purchase"))
    amount = models.BigIntegerField(_("amount (IDR)"), validators=int_range(0, BIGINT_MAX))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE, db_index=True)
    reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refunded by"),
    )

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["status", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="refund_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(order__isnull=False, payment__isnull=True) | Q(order__isnull=True, payment__isnull=False),
                name="refund_for_an_order_or_a_payment",
            ),
            models.CheckConstraint(
                condition=Q(status="due", refunded_at__isnull=True, reference="")
                | (Q(status="refunded", refunded_at__isnull=False) & ~Q(reference="")),
                name="refund_recorded_when_refunded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.amount}"

    @property
    def subject(self) -> str:
        """What is refunded: the cancelled order's number, or the purchase a late payment was for."""
        return self.order.number if self.order_id else self.purchase.number


class IdempotencyKey(models.Model):
    """A checkout request key: the same key returns the same Purchase for 24 hours."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=100)
    request_hash = models.CharField(_("request hash"), max_length=64)
    purchase = models.ForeignKey(Purchase, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotencykey_unique_per_user")]

    def __str__(self) -> str:
        return self.key
