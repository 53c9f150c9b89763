"""Small input serializers and output shapes for the orders API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from craftmarket.currency.display import DisplayCurrency, converted_out, snapshot_currency

from .models import Address, Order, Payment, Purchase, Refund
from .providers import get_provider
from .selectors import CartView


class CartItemInput(serializers.Serializer):
    variant = serializers.JSONField()
    quantity = serializers.JSONField()
    # A sample (catalog.wholesale.SampleOffer): its own line at the sample price, within the buyer's limit.
    sample = serializers.BooleanField(required=False, default=False)


class CartItemUpdateInput(serializers.Serializer):
    quantity = serializers.JSONField()


class CheckoutInputSerializer(serializers.Serializer):
    address = serializers.CharField(max_length=64)
    shipping = serializers.DictField(child=serializers.IntegerField(min_value=1), allow_empty=True)
    payment_method = serializers.ChoiceField(choices=Purchase.Method.choices, default=Purchase.Method.BANK_TRANSFER)
    display_currency = serializers.CharField(
        max_length=3,
        default="IDR",
        help_text="The currency prices were shown in (one of DISPLAY_CURRENCIES); the purchase keeps it with the "
        "rate of the day for its invoice. Payment is always in IDR.",
    )


class ShipInput(serializers.Serializer):
    courier = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    tracking = serializers.CharField(max_length=60)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


def cart_out(view: CartView, display: DisplayCurrency | None = None) -> dict[str, Any]:
    """The cart in rupiah; with ``display`` (the API's ``?currency=``) every amount also gains its ``…_converted``
    twin, approximate at the latest rate and null when that rate is stale."""
    return {
        "count": view.count,
        "subtotal": view.subtotal,
        "subtotal_converted": converted_out(display, view.subtotal),
        "currency": "IDR",
        "address": str(view.address.public_id) if view.address else None,
        "groups": [
            {
                "artisan": {"slug": g.artisan.slug, "name": g.artisan.business_name, "province": g.artisan.province},
                "subtotal": g.subtotal,
                "subtotal_converted": converted_out(display, g.subtotal),
                "weight_grams": g.weight_grams,
                "billable_kg": g.billable_kg,
                "chargeable_grams": g.chargeable_grams,
                "zone": g.zone,
                "shipping_problems": g.shipping_problems,
                "shipping_options": [
                    {
                        "rate": r.pk,
                        "courier": r.courier,
                        "service": r.service,
                        "cost": cost,
                        "cost_converted": converted_out(display, cost),
                        "days": r.estimated_days,
                    }
                    for r, cost in g.options
                ],
                "items": [cart_line_out(line, display) for line in g.lines],
            }
            for g in view.groups
        ],
        "price_changes": [
            {"item": str(line.public_id), "old_price": line.unit_price, "new_price": line.current_price}
            for line in view.price_changes
        ],
    }


def cart_line_out(line: Any, display: DisplayCurrency | None = None) -> dict[str, Any]:
    variant, product = line.variant, line.variant.product
    current = getattr(line, "current_price", variant.price)
    return {
        "id": str(line.public_id),
        "variant": variant.pk,
        "sku": variant.sku,
        "name": str(variant),
        "product_slug": product.slug,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "current_price": current,
        "price_changed": current != line.unit_price,
        "line_total": line.unit_price * line.quantity,
        "unit_price_converted": converted_out(display, line.unit_price),
        "line_total_converted": converted_out(display, line.unit_price * line.quantity),
        "stock": None if product.made_to_order else variant.stock,
        "made_to_order": product.made_to_order,
        "lead_time_days": product.lead_time_days,
        "min_order_quantity": product.min_order_quantity,
        "problem": getattr(line, "problem", ""),
        # Wholesale: the normal price, the tier applied (its starting quantity, or null), the saving against the
        # normal price, and the next tier open to this buyer ("add 8 more for Rp 85.000 each").
        "list_price": getattr(getattr(line, "wholesale", None), "list_price", variant.price),
        "tier_quantity": line.tier_quantity,
        "saving": getattr(line, "saving", 0),
        "next_tier": _next_tier(line),
        # Made to order: the lead time at this quantity (grows with the product's monthly capacity), in days.
        "promised_days": line.lead.days if getattr(line, "lead", None) else None,
        "is_sample": line.is_sample,
    }


def _next_tier(line: Any) -> dict[str, int] | None:
    price = getattr(line, "wholesale", None)
    if price is None or not price.add_more:
        return None
    return {"min_quantity": price.next_quantity, "unit_price": price.next_price, "add_more": price.add_more}


def address_out(a: Address) -> dict[str, Any]:
    return {
        "id": str(a.public_id),
        "label": a.label,
        "recipient": a.recipient,
        "phone": a.phone,
        "country": a.country,
        "street": a.street,
        "rt_rw": a.rt_rw,
        "kelurahan": a.kelurahan,
        "kecamatan": a.kecamatan,
        "city": a.city,
        "province": a.province,
        "region": a.region,
        "postal_code": a.postal_code,
    }


def order_out(o: Order, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": o.number,
        "purchase": o.purchase.number,
        "status": o.status,
        "status_label": str(o.get_status_display()),
        "artisan": {"slug": o.artisan.slug, "name": o.artisan.business_name},
        "items_total": o.items_total,
        "shipping_cost": o.shipping_cost,
        "total": o.total,
        "currency": "IDR",
        "created_at": o.created_at.isoformat(),
        "ship_by": o.ship_by.isoformat() if o.ship_by else None,
        # Samples: an order of samples only, and the sample order's price credited on this one (items_total is
        # already net of it).
        "is_sample": o.is_sample,
        "sample_credit": o.sample_credit,
    }
    if detail:
        data.update(
            {
                "weight_grams": o.weight_grams,
                "shipping": {
                    "courier": o.shipping_courier,
                    "service": o.shipping_service,
                    "zone": o.shipping_zone,
                    "tracking_number": o.tracking_number,
                },
                "address": o.purchase.address,
                "cancel_reason": o.cancel_reason,
                "lines": [
                    {
                        "name": line.product_name,
                        "variant": line.variant_name,
                        "sku": line.sku,
                        "unit_price": line.unit_price,
                        "quantity": line.quantity,
                        "weight_grams": line.weight_grams,
                        "line_total": line.line_total,
                        "made_to_order": line.made_to_order,
                        "lead_time_days": line.lead_time_days,
                        "list_price": line.list_price,
                        "tier_quantity": line.tier_quantity,
                        "saving": line.saving,
                        "promised_days": line.promised_days,
                        "is_sample": line.is_sample,
                    }
                    for line in o.lines.all()
                ],
                "history": [
                    {
                        "from": h.from_status,
                        "to": h.to_status,
                        "reason": h.reason,
                        "at": h.created_at.isoformat(),
                    }
                    for h in o.status_changes.all()
                ],
            }
        )
    return data


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def payment_state_out(p: Purchase) -> dict[str, Any]:
    """Whether the purchase is paid, and what happened to the money: method and status, the amount due (with the
    bank transfer's unique-amount code), the latest transfer proof (uploaded or not, when, its review status; never
    the file, which is private), confirmation, expiry, and refunds due and sent. Reads the prefetched ``payments``
    and ``refunds`` of ``selectors.purchase_for_buyer`` (no query of its own)."""
    payments = sorted(p.payments.all(), key=lambda payment: (payment.created_at, payment.pk))
    proofs = [payment for payment in payments if payment.proof]
    proof = proofs[-1] if proofs else None
    refunds = sorted(p.refunds.all(), key=lambda refund: (refund.created_at, refund.pk))
    bank_transfer = p.payment_method == Purchase.Method.BANK_TRANSFER
    return {
        "method": p.payment_method,
        "method_label": str(p.get_payment_method_display()),
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "paid": p.status == Purchase.Status.PAID,
        "amount_due": p.amount_due,
        "currency": "IDR",
        "unique_code": p.unique_code if bank_transfer else None,
        "proof_uploaded": proof is not None,
        "proof_uploaded_at": _iso(proof.created_at) if proof else None,
        "proof_status": proof.status if proof else None,
        "confirmed_at": _iso(p.paid_at),
        "expires_at": p.expires_at.isoformat(),
        "expired": p.status == Purchase.Status.EXPIRED,
        "late_payments": sum(1 for payment in payments if payment.status == Payment.Status.LATE),
        "refunds_due": sum(r.amount for r in refunds if r.status == Refund.Status.DUE),
        "refunds_sent": sum(r.amount for r in refunds if r.status == Refund.Status.REFUNDED),
        "refunds": [
            {
                "amount": r.amount,
                "status": r.status,
                "order": next((o.number for o in p.orders.all() if o.pk == r.order_id), None),
                "created_at": r.created_at.isoformat(),
                "refunded_at": _iso(r.refunded_at),
                "reference": r.reference,
            }
            for r in refunds
        ],
    }


def display_snapshot_out(p: Purchase) -> dict[str, Any] | None:
    """The currency and rate the buyer saw at checkout, with the amount due converted at that rate (approximate:
    the payment is in IDR). ``None`` when the buyer saw rupiah only."""
    shown = snapshot_currency(p.display_currency, p.display_rate, p.display_rate_date)
    converted = shown.convert(p.amount_due)
    if converted is None:
        return None
    return {
        "currency": shown.code,
        "idr_per_unit": str(shown.idr_per_unit),
        "rate_date": shown.rate_date.isoformat() if shown.rate_date else None,
        "amount_due": str(converted),
        "approximate": True,
    }


def purchase_out(p: Purchase) -> dict[str, Any]:
    instructions = get_provider(p.payment_method).instructions(purchase=p)
    instructions["pay_before"] = p.expires_at.isoformat()
    if p.payment_method == Purchase.Method.BANK_TRANSFER:
        instructions["accounts"] = list(settings.BANK_TRANSFER_ACCOUNTS)
    return {
        "number": p.number,
        "status": p.status,
        "payment_method": p.payment_method,
        "items_total": p.items_total,
        "shipping_total": p.shipping_total,
        "unique_code": p.unique_code,
        "amount_due": p.amount_due,
        "currency": "IDR",
        "display": display_snapshot_out(p),
        "expires_at": p.expires_at.isoformat(),
        "payment": instructions,
        "payment_state": payment_state_out(p),
        "url": reverse("orders:purchase", kwargs={"number": p.number}),
        "orders": [{"number": o.number, "artisan": o.artisan.slug, "total": o.total} for o in p.orders.all()],
    }
