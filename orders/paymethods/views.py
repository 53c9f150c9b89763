"""Browser edges of payment methods: choose one, see its QR code, and (local sandbox only) pay it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from craftmarket.common.errors import DomainError

from .. import selectors as order_selectors
from . import services
from .forms import MethodForm
from .instructions import qr_data
from .qr import qr_svg
from .selectors import charge_current


def svg_response(data: str, *, title: str) -> HttpResponse:
    response = HttpResponse(qr_svg(data, title=title), content_type="image/svg+xml")
    # A QR code is private to its buyer and changes with the charge: never cached by anyone else.
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
@require_POST
def purchase_method(request: HttpRequest, number: str) -> HttpResponse:
    purchase = order_selectors.purchase_for_buyer(user=request.user, number=number)
    if purchase is None:
        raise Http404
    form = MethodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered payment methods."))
        return redirect(purchase.get_absolute_url())
    try:
        services.purchase_method_choose(purchase=purchase, by=request.user, method=form.cleaned_data["method"])
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(purchase.get_absolute_url())


@login_required
@require_GET
def purchase_qr(request: HttpRequest, number: str) -> HttpResponse:
    purchase = order_selectors.purchase_for_buyer(user=request.user, number=number)
    charge = charge_current(purchase=purchase) if purchase is not None else None
    if charge is None or not qr_data(charge):
        raise Http404
    return svg_response(qr_data(charge), title=_("QR code for %(number)s") % {"number": purchase.number})


@login_required
@require_POST
def purchase_sandbox_pay(request: HttpRequest, number: str) -> HttpResponse:
    purchase = order_selectors.purchase_for_buyer(user=request.user, number=number)
    charge = charge_current(purchase=purchase) if purchase is not None else None
    if charge is None:
        raise Http404
    try:
        services.charge_sandbox_settle(charge=charge, by=request.user)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    return redirect(purchase.get_absolute_url())
