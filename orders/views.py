"""Browser pages: cart, checkout, payment, order history, invoice; the studio's incoming orders."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from artisans.business import selectors as business_selectors
from craftmarket.common.errors import DomainError

from . import forms, selectors
from .cart_session import request_cart
from .errors import PriceChanged
from .models import Order, Purchase
from .paymethods.forms import MethodForm
from .providers import get_provider
from .reviews import selectors as review_selectors
from .reviews.services import review_window_end
from .services import addresses as address_services
from .services import cart as cart_services
from .services import lifecycle, payments
from .services.checkout import CheckoutInput, purchase_checkout


def _error_message(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _add_errors(form: Any, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errs in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, [m for e in errs for m in e.messages])
    else:
        field = getattr(exc, "field", None)
        form.add_error(field if field in form.fields else None, _error_message(exc))


# --- Cart ---------------------------------------------------------------------------------------------------
def cart(request: HttpRequest) -> HttpResponse:
    current = request_cart(request, create=False)
    address = None
    if request.user.is_authenticated:
        address = selectors.addresses_for(user=request.user).first()
    view = selectors.cart_view(cart=current, address=address) if current else None
    return render(request, "orders/cart.html", {"view": view})


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """Add to the cart; answers JSON ``{"cart_count", "message"}`` (the refusal's status on error) when the request
    accepts application/json (the product page's form), else redirects to the cart with a message."""
    current = request_cart(request)
    # ``sample=1``: a sample line (catalog.wholesale.SampleOffer), its own line beside any normal one.
    add = cart_services.cart_sample_add if request.POST.get("sample") else cart_services.cart_line_add
    try:
        add(cart=current, variant_id=request.POST.get("variant"), quantity=request.POST.get("quantity"))
    except DomainError as exc:
        if _wants_json(request):
            body = {
                "cart_count": selectors.cart_line_count(user=request.user, token=current.token),
                "message": exc.message,
                "code": exc.code,
            }
            return JsonResponse(body, status=exc.status)
        messages.error(request, exc.message)
        return redirect("orders:cart")
    message = _("Sample added to your cart.") if request.POST.get("sample") else _("Added to your cart.")
    if _wants_json(request):
        count = selectors.cart_line_count(user=request.user, token=current.token)
        return JsonResponse({"cart_count": count, "message": message})
    messages.success(request, message)
    return redirect("orders:cart")


@require_POST
def cart_update(request: HttpRequest, item_id: str) -> HttpResponse:
    current = request_cart(request, create=False)
    if current is None:
        raise Http404
    try:
        if request.POST.get("remove"):
            cart_services.cart_line_remove(cart=current, line_id=item_id)
        else:
            cart_services.cart_line_update(cart=current, line_id=item_id, quantity=request.POST.get("quantity"))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    return redirect("orders:cart")


@require_POST
def cart_confirm_prices(request: HttpRequest) -> HttpResponse:
    current = request_cart(request, create=False)
    if current is not None:
        cart_services.cart_confirm_prices(cart=current)
        messages.success(request, _("The new prices are confirmed."))
    return redirect("orders:checkout" if request.POST.get("next") == "checkout" else "orders:cart")


# --- Addresses ----------------------------------------------------------------------------------------------
def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to ``next`` (a path on this site, e.g. the account page) or to ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect(default)


@login_required
@require_http_methods(["GET", "POST"])
def address_create(request: HttpRequest) -> HttpResponse:
    form = forms.AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            address_services.address_create(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Address saved."))
            return _back(request, "orders:checkout")
    return render(request, "orders/address_form.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request: HttpRequest, address_id: str) -> HttpResponse:
    """Edit one of the buyer's own addresses (another buyer's is a 404). Purchases keep the copy they were
    placed with."""
    address = selectors.address_for(user=request.user, public_id=address_id)
    if address is None:
        raise Http404
    form = forms.AddressForm(request.POST or None, initial=address_services.address_values(address))
    if request.method == "POST" and form.is_valid():
        try:
            address_services.address_update(address=address, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Address saved."))
            return _back(request, "orders:checkout")
    context = {"form": form, "next": request.GET.get("next", ""), "address": address}
    return render(request, "orders/address_form.html", context)


@login_required
@require_POST
def address_delete(request: HttpRequest, address_id: str) -> HttpResponse:
    address = selectors.address_for(user=request.user, public_id=address_id)
    if address is None:
        raise Http404
    address_services.address_delete(user=request.user, public_id=address.public_id)
    messages.success(request, _("Address removed."))
    return _back(request, "orders:checkout")


# --- Checkout -----------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    current = request_cart(request)
    addresses = list(selectors.addresses_for(user=request.user))
    chosen = request.POST.get("address") or request.GET.get("address")
    address = next((a for a in addresses if str(a.public_id) == chosen), addresses[0] if addresses else None)
    view = selectors.cart_view(cart=current, address=address)
    method_form = forms.PaymentMethodForm(request.POST or None)
    errors: list[str] = []
    price_changes: list[dict[str, Any]] = []
    if request.method == "POST" and method_form.is_valid():
        token = request.POST.get("token", "")
        # From the posted form, not the current cart: a double submit must send the same body.
        shipping = {k.removeprefix("shipping-"): v for k, v in request.POST.items() if k.startswith("shipping-")}
        try:
            purchase = purchase_checkout(
                buyer=request.user,
                cart=current,
                data=CheckoutInput(
                    address=str(address.public_id) if address else "",
                    shipping={k: int(v) for k, v in shipping.items() if v.isdigit()},
                    payment_method=method_form.cleaned_data["payment_method"],
                    display_currency=request.display_currency.code,
                ),
                idempotency_key=f"form:{token}",
            )
        except PriceChanged as exc:
            price_changes = exc.changes
            errors.append(exc.message)
        except (DomainError, ValidationError) as exc:
            errors.append(_error_message(exc))
        else:
            return redirect(purchase.get_absolute_url())
        view = selectors.cart_view(cart=current, address=address)
    return render(
        request,
        "orders/checkout.html",
        {
            "view": view,
            "addresses": addresses,
            "address": address,
            "method_form": method_form,
            "token": uuid.uuid4().hex,
            "errors": errors,
            "price_changes": price_changes,
        },
    )


# --- Purchases and orders (buyer) ----------------------------------------------------------------------------
def _chosen_method(purchase: Purchase) -> str:
    if purchase.payment_method == Purchase.Method.BANK_TRANSFER:
        return purchase.payment_method
    charge = purchase.charges.filter(status="pending").first()
    return charge.method if charge else ""


@login_required
@require_http_methods(["GET", "POST"])
def purchase(request: HttpRequest, number: str) -> HttpResponse:
    found = selectors.purchase_for_buyer(user=request.user, number=number)
    if found is None:
        raise Http404
    form = forms.ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            payments.payment_proof_upload(purchase=found, by=request.user, file=form.cleaned_data["proof"])
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Thank you. We will confirm your transfer shortly."))
            return redirect(found.get_absolute_url())
    return render(
        request,
        "orders/purchase.html",
        {
            "purchase": found,
            "instructions": get_provider(found.payment_method).instructions(purchase=found),
            "form": form,
            "can_upload": found.status == Purchase.Status.AWAITING_PAYMENT
            and found.payment_method == Purchase.Method.BANK_TRANSFER,
            "method_form": MethodForm(initial={"method": _chosen_method(found)}),
        },
    )


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    purchases = selectors.purchases_for_buyer(user=request.user)[:50]
    return render(request, "orders/order_list.html", {"purchases": purchases})


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = selectors.order_for_buyer(user=request.user, number=number)
    if order is None:
        raise Http404
    open_complaint = order.status == Order.Status.DELIVERED and lifecycle.has_open_complaint(order)
    context = {
        "order": order,
        "cancel_form": forms.CancelForm(),
        # While a complaint is open the order can be neither confirmed nor complained about again: no such buttons.
        "has_open_complaint": open_complaint,
        "may_confirm": order.status in (Order.Status.SHIPPED, Order.Status.DELIVERED) and not open_complaint,
    }
    if order.status == Order.Status.COMPLETED:  # "Review this product" per line (orders.reviews)
        window_end = review_window_end(order)
        context.update(
            review_lines=review_selectors.order_review_lines(order=order),
            review_window_end=window_end,
            review_window_open=window_end is not None and timezone.now() <= window_end,
        )
    return render(request, "orders/order_detail.html", context)


@login_required
def invoice(request: HttpRequest, number: str) -> HttpResponse:
    order = selectors.order_for_user(user=request.user, number=number)
    if order is None:
        raise Http404
    return render(request, "orders/invoice.html", {"order": order})


BUYER_ACTIONS: dict[str, Callable[..., Order]] = {
    "cancel": lambda order, user, post: lifecycle.order_cancel(order=order, by=user, reason=post.get("reason", "")),
    "confirm": lambda order, user, post: lifecycle.order_confirm(order=order, by=user),
}


@login_required
@require_POST
def order_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    order = selectors.order_for_buyer(user=request.user, number=number)
    if order is None or action not in BUYER_ACTIONS:
        raise Http404
    try:
        BUYER_ACTIONS[action](order, request.user, request.POST)
        messages.success(request, _("Order updated."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("orders:order-detail", number=number)


# --- Studio (artisan) ---------------------------------------------------------------------------------------
def _artisan(request: HttpRequest) -> Any:
    artisan = getattr(request.user, "artisan", None)
    if artisan is None:
        raise Http404
    return artisan


@login_required
def studio_orders(request: HttpRequest) -> HttpResponse:
    artisan = _artisan(request)
    status = request.GET.get("status", "")
    if status not in Order.Status.values:
        status = ""
    orders = selectors.orders_for_artisan(artisan=artisan, status=status or None)[:100]
    return render(
        request, "orders/studio_orders.html", {"orders": orders, "status": status, "statuses": Order.Status.choices}
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_order(request: HttpRequest, number: str) -> HttpResponse:
    artisan = _artisan(request)
    order = selectors.order_for_artisan(artisan=artisan, number=number)
    if order is None:
        raise Http404
    ship_form = forms.ShipForm(initial={"courier": order.shipping_courier})
    cancel_form = forms.CancelForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "process":
                lifecycle.order_process(order=order, by=request.user)
            elif action == "ship":
                ship_form = forms.ShipForm(request.POST)
                if not ship_form.is_valid():
                    raise DomainError(_("Enter the tracking number."), field="tracking")
                lifecycle.order_ship(order=order, by=request.user, **ship_form.cleaned_data)
            elif action == "deliver":
                lifecycle.order_deliver(order=order, by=request.user)
            elif action == "cancel":
                lifecycle.order_cancel(order=order, by=request.user, reason=request.POST.get("reason", ""))
            else:
                raise DomainError(_("Unknown action."))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Order updated."))
        return redirect("orders:studio-order", number=number)
    return render(
        request,
        "orders/studio_order.html",
        {
            "order": order,
            "ship_form": ship_form,
            "cancel_form": cancel_form,
            # The buyer's company: the artisans a business orders from see its profile (artisans.business).
            "business": business_selectors.business_profile_for(user=order.buyer),
            "capacity_flag_percent": settings.WHOLESALE_CAPACITY_FLAG_PERCENT,
            "is_deposit": lifecycle.is_production_deposit(order),
        },
    )


@login_required
def packing_slip(request: HttpRequest, number: str) -> HttpResponse:
    order = selectors.order_for_artisan(artisan=_artisan(request), number=number)
    if order is None:
        raise Http404
    return render(request, "orders/packing_slip.html", {"order": order})
