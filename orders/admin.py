"""Staff tools: shipping rates, purchases with transfer confirmation, orders.

Purchases and orders are read-only in the admin for everyone (no amount can be edited here); the only writes are
the actions, which call the orders services. Regional moderators see the orders of their provinces' artisans and
no purchases (a purchase may span several provinces; confirming payments is national work)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from artisans.moderation import AuditInline, NationalMoneyAdmin, ProvinceScopedActionsMixin, with_reason
from artisans.scoping import scope
from craftmarket.common.errors import DomainError

from .forms import ShippingZoneForm
from .models import Order, OrderLine, OrderStatusChange, Payment, Purchase, Refund, ShippingRate, ShippingZone
from .services.lifecycle import order_deliver
from .services.payments import payment_confirm, refund_record


@admin.register(ShippingRate)
class ShippingRateAdmin(admin.ModelAdmin):
    list_display = (
        "courier", "service", "zone", "shipping_zone", "first_kg_price", "next_kg_price", "estimated_days", "active",
    )  # fmt: skip
    list_filter = ("zone", "shipping_zone", "courier", "active")
    list_editable = ("first_kg_price", "next_kg_price", "active")
    search_fields = ("courier", "service")


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    """Destination zones abroad: national moderators view, add and change them (data migration 0010); regional
    moderators have no permission (403), like ShippingRate."""

    form = ShippingZoneForm
    list_display = ("code", "name_en", "name_id", "country_list")
    search_fields = ("code", "name_en", "name_id")

    @admin.display(description=_("countries"))
    def country_list(self, zone: ShippingZone) -> str:
        return " ".join(zone.countries)


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ("provider", "reference", "status", "amount", "proof_link", "created_at")
    readonly_fields = fields

    @admin.display(description=_("transfer proof"))
    def proof_link(self, payment: Payment) -> str:
        if not payment.proof:
            return "—"
        url = reverse("admin:orders_purchase_proof", args=[payment.purchase_id, payment.pk])
        return format_html('<a href="{}">{}</a>', url, _("View proof"))


class OrderInline(admin.TabularInline):
    model = Order
    extra = 0
    can_delete = False
    fields = ("number", "artisan", "status", "items_total", "shipping_cost")
    readonly_fields = fields
    show_change_link = True


def _extension(payment: Payment) -> str:
    name = payment.proof.name
    return name.rsplit(".", 1)[-1].lower()[:5] if "." in name else "bin"


@admin.register(Purchase)
class PurchaseAdmin(NationalMoneyAdmin):
    list_display = ("number", "buyer", "status", "payment_method", "amount_due", "created_at", "expires_at")
    list_filter = ("status", "payment_method")
    search_fields = ("number", "buyer__email", "=amount_due")
    readonly_fields = [f.name for f in Purchase._meta.fields]
    inlines = [OrderInline, PaymentInline]
    actions = ["confirm_transfer"]

    def has_confirm_permission(self, request) -> bool:
        return request.user.has_perm("orders.change_purchase")

    def get_urls(self):
        proof = self.admin_site.admin_view(self.proof_view)
        return [
            path("<int:purchase_id>/proof/<int:payment_id>/", proof, name="orders_purchase_proof"),
            *super().get_urls(),
        ]

    def proof_view(self, request: HttpRequest, purchase_id: int, payment_id: int) -> FileResponse:
        """Staff only (admin_view): proofs live in private storage and have no public URL."""
        if not self.has_view_permission(request):
            raise Http404
        payment = Payment.objects.filter(pk=payment_id, purchase_id=purchase_id).exclude(proof="").first()
        if payment is None:
            raise Http404
        try:
            handle = payment.proof.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404
        # Private documents are always downloads, never rendered by the browser on our origin.
        response = FileResponse(handle, as_attachment=True, filename=f"proof-{payment.pk}.{_extension(payment)}")
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.action(description=_("Confirm the bank transfer (marks the purchase paid)"), permissions=["confirm"])
    def confirm_transfer(self, request, queryset):
        done = 0
        for purchase in queryset:
            try:
                payment_confirm(purchase=purchase, by=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{purchase.number}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)s purchase(s) confirmed.") % {"n": done}, messages.SUCCESS)


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in OrderLine._meta.fields]


class OrderStatusChangeInline(AuditInline):
    model = OrderStatusChange


@admin.register(Order)
class OrderAdmin(ProvinceScopedActionsMixin, admin.ModelAdmin):
    list_display = (
        "number", "artisan", "buyer", "status", "is_sample", "items_total", "sample_credit", "shipping_cost",
        "created_at",
    )  # fmt: skip
    list_filter = ("status", "shipping_zone", "is_sample")
    search_fields = ("number", "purchase__number", "buyer__email", "artisan__business_name", "tracking_number")
    list_select_related = ("artisan", "buyer")
    readonly_fields = [f.name for f in Order._meta.fields]
    inlines = [OrderLineInline, OrderStatusChangeInline]
    actions = ["mark_delivered"]
    province_lookup = "artisan__province"

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, self.province_lookup)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # another province's order looks like one that does not exist

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_deliver_permission(self, request) -> bool:
        return request.user.has_perm("orders.change_order")

    @admin.action(description=_("Mark delivered (courier confirmed delivery)"), permissions=["deliver"])
    def mark_delivered(self, request, queryset):
        for order in queryset:
            try:
                order_deliver(order=order, by=request.user)
            except DomainError as exc:
                self.message_user(request, f"{order.number}: {exc.message}", messages.ERROR)


class RefundReferenceForm(forms.Form):
    reason = forms.CharField(
        label=_("Reference of the refund transfer (the buyer is told)"), max_length=100, strip=True
    )


@admin.register(Refund)
class RefundAdmin(NationalMoneyAdmin):
    """What the marketplace owes buyers for orders cancelled after payment, oldest due first. National
    moderators (who confirm payments) record each transfer with its reference; nothing else changes here."""

    list_display = ("refunded_for", "purchase", "buyer", "amount", "status", "created_at", "refunded_at", "reference")
    list_filter = ("status",)
    search_fields = ("order__number", "purchase__number", "purchase__buyer__email", "reference")
    list_select_related = ("order", "payment", "purchase__buyer")
    readonly_fields = [f.name for f in Refund._meta.fields]
    actions = ["record_refund"]

    @admin.display(description=_("for"))
    def refunded_for(self, obj: Refund) -> str:
        if obj.order_id:
            return _("cancelled order %(number)s") % {"number": obj.order.number}
        return _("payment %(reference)s after expiry") % {"reference": obj.payment.reference}

    @admin.display(description=_("buyer"), ordering="purchase__buyer__email")
    def buyer(self, obj: Refund) -> str:
        return obj.purchase.buyer.email

    def has_record_permission(self, request) -> bool:
        return request.user.has_perm("orders.change_refund")

    @admin.action(description=_("Record the refund transfer"), permissions=["record"])
    def record_refund(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Record the refund transfer"),
            call=lambda refund, reference: refund_record(refund=refund, by=request.user, reference=reference),
            done=_("%(n)s refund(s) recorded."),
            form_class=RefundReferenceForm,
        )
