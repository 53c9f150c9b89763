"""From an accepted quote to orders: the sample order or the production order with its payment schedule.

Payment schedule of a production order: the deposit (the quote's ``deposit_percent`` of the total, 50 % by
default) is due at once; the balance (the rest) is due when the buyer has approved the photos of the finished
goods. Rounding, written down once: the deposit is ``total × percent / 100`` rounded half up to whole rupiah
(integer arithmetic, ``(total × percent + 50) // 100``) and the balance is ``total − deposit``, so the two always
add up to the total exactly.

Each milestone is an ordinary ``orders.Purchase`` with one ``orders.Order`` of that amount (one line naming the
milestone), paid through the existing provider interface (bank transfer with proof, or the gateway) and confirmed
by ``orders.services.payments``; cancelling a paid milestone order records a refund as ``order_cancel`` does for
every order. The balance order is the one that ships through the order lifecycle; the deposit is released to
the artisan when production starts, and quote orders follow milestone orders that expire unpaid
(``orders.quotes.settlement``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import ConflictError, NotFound, PermissionDenied, TransitionNotAllowed
from craftmarket.common.notifications import notify
from orders.models import Order, OrderLine, OrderStatusChange, Purchase
from orders.numbers import new_order_number, new_purchase_number
from orders.services import lifecycle
from orders.services.amounts import save_with_unique_amount

from . import photos as photo_files
from . import settlement
from .machine import MILESTONE_MACHINE
from .models import MAX_GOODS_PHOTOS, RFQ, GoodsPhoto, Quote, QuoteOrder, QuoteRevision

M = QuoteOrder.Status
PAID_STATUSES = frozenset({Order.Status.PAID, Order.Status.PROCESSING, Order.Status.SHIPPED})
DONE_STATUSES = frozenset({Order.Status.DELIVERED, Order.Status.COMPLETED})


def deposit_split(total: int, percent: int) -> tuple[int, int]:
    """(deposit, balance) of ``total`` rupiah: the deposit rounded half up to whole rupiah, the balance the rest."""
    deposit = (total * percent + 50) // 100
    return deposit, total - deposit


def revision_total(revision: QuoteRevision) -> tuple[int, int]:
    """(unit price, goods total) of a revision at its quantity: ladder price × quantity plus the freight and
    insurance estimates the Incoterm makes the seller pay."""
    unit_price = revision.unit_price_for(revision.quantity)
    if unit_price is None:
        raise ConflictError(_("This quote has no price for the quantity asked."), code="no_price")
    total = unit_price * revision.quantity + (revision.freight_estimate or 0) + (revision.insurance_estimate or 0)
    return unit_price, total


def _address(rfq: RFQ) -> dict[str, Any]:
    return {
        "recipient": rfq.business.company_name,
        "phone": "",
        "country": rfq.destination_country,
        "province": "",
        "lines": [f"{rfq.incoterm} {rfq.incoterm_place}", f"{rfq.destination_place}, {rfq.destination_country}"],
    }


def _milestone_order(*, quote: Quote, amount: int, label: str, quantity: int = 1, unit_price: int | None = None):
    """One Purchase holding one Order of ``amount`` for the quote's artisan, awaiting payment; the buyer is told
    what to pay and by when (as after a checkout)."""
    rfq = quote.rfq
    now = timezone.now()
    purchase = Purchase(
        number=new_purchase_number(),
        buyer=rfq.buyer,
        payment_method=Purchase.Method.BANK_TRANSFER,
        items_total=amount,
        shipping_total=0,
        amount_due=amount,
        address=_address(rfq),
        created_at=now,
        expires_at=now + settings.QUOTE_MILESTONE_PAYMENT_WINDOW,
    )
    save_with_unique_amount(purchase=purchase, base=amount, create=True)
    order = Order.objects.create(
        number=new_order_number(),
        purchase=purchase,
        buyer=rfq.buyer,
        artisan=quote.artisan,
        items_total=amount,
        shipping_cost=0,
        weight_grams=0,
        shipping_courier="",
        shipping_service=rfq.incoterm,
        shipping_zone="international" if rfq.destination_country != "ID" else "other_island",
        created_at=now,
    )
    OrderLine.objects.create(
        order=order,
        variant=None,
        product_name=f"{label}: {rfq.title}"[:140],
        sku=f"RFQ-{rfq.pk}-Q{quote.pk}"[:64],
        unit_price=unit_price if unit_price is not None else amount,
        quantity=quantity,
        weight_grams=0,
        made_to_order=True,
        stock_reserved=False,
    )
    OrderStatusChange.objects.create(
        order=order, from_status="", to_status=Order.Status.AWAITING_PAYMENT, actor=rfq.buyer, created_at=now
    )
    notify(
        event="purchase_created",
        users=[rfq.buyer],
        context={
            "purchase": purchase.number,
            "amount": purchase.amount_due,
            "pay_before": purchase.expires_at,
            "url": reverse("orders:purchase", args=[purchase.number]),
        },
    )
    return order


def _create(*, quote: Quote, kind: str, by: Any) -> QuoteOrder:
    revision = QuoteRevision.objects.prefetch_related("ladder").get(quote=quote, number=quote.accepted_revision)
    unit_price, total = revision_total(revision)
    deposit, balance = deposit_split(total, revision.deposit_percent)
    if kind == QuoteOrder.Kind.SAMPLE:
        first = _milestone_order(quote=quote, amount=revision.sample_price, label=_("Sample"))
        status = M.SAMPLE_DUE
    else:
        first = _milestone_order(
            quote=quote, amount=deposit, label=_("Deposit %(percent)s%%") % {"percent": revision.deposit_percent}
        )
        status = M.DEPOSIT_DUE
    quote_order = QuoteOrder.objects.create(
        quote=quote,
        kind=kind,
        status=status,
        revision=revision.number,
        quantity=revision.quantity,
        unit_price=unit_price,
        goods_total=total,
        deposit_percent=revision.deposit_percent,
        deposit_amount=deposit,
        balance_amount=balance,
        incoterm=revision.incoterm,
        incoterm_place=revision.incoterm_place,
        first_order=first,
    )
    quote_order.status_changes.create(from_status="", to_status=status, actor=by)
    return quote_order


def quote_order_on_accept(*, quote: Quote, by: Any) -> QuoteOrder:
    """Inside ``quote_accept``'s transaction, with the RFQ and quote rows locked: a sample order when the accepted
    revision includes a sample, else the production order with its deposit due. At most one of each kind per
    quote (a unique constraint backs the lock)."""
    revision = QuoteRevision.objects.get(quote=quote, number=quote.accepted_revision)
    kind = QuoteOrder.Kind.SAMPLE if revision.sample_included else QuoteOrder.Kind.PRODUCTION
    found = QuoteOrder.objects.filter(quote=quote, kind=kind).first()
    return found or _create(quote=quote, kind=kind, by=by)


# --- access and locks ---------------------------------------------------------------------------------------------


def _locked(quote_order: QuoteOrder) -> QuoteOrder:
    locked = (
        QuoteOrder.objects.select_for_update(of=("self",))
        .select_related("quote__rfq__buyer", "quote__artisan__user", "first_order", "balance_order")
        .filter(pk=quote_order.pk)
        .first()
    )
    if locked is None:
        raise NotFound()
    return locked


def _is_buyer(quote_order: QuoteOrder, by: Any) -> bool:
    return getattr(by, "is_authenticated", False) and quote_order.quote.rfq.buyer_id == by.pk


def _is_artisan(quote_order: QuoteOrder, by: Any) -> bool:
    return getattr(by, "is_authenticated", False) and quote_order.quote.artisan.user_id == by.pk


def _require(quote_order: QuoteOrder, by: Any, *, buyer: bool) -> None:
    if _is_buyer(quote_order, by) if buyer else _is_artisan(quote_order, by):
        return
    if _is_buyer(quote_order, by) or _is_artisan(quote_order, by):
        raise PermissionDenied(
            _("Only the buyer can do this.") if buyer else _("Only the artisan can do this."), code="wrong_party"
        )
    raise NotFound()


def _tell(quote_order: QuoteOrder, *, to_buyer: bool, reason: str = "") -> None:
    quote = quote_order.quote
    user = quote.rfq.buyer if to_buyer else quote.artisan.user
    url = f"/quotes/{quote.public_id}/" if to_buyer else f"/studio/quotes/{quote.public_id}/"
    notify(
        event="quote_order_changed",
        users=[user],
        context={"item": quote.rfq.title, "status": quote_order.get_status_display(), "reason": reason, "url": url},
    )


# --- sample -------------------------------------------------------------------------------------------------------


def sample_approve(*, quote_order: QuoteOrder, by: Any) -> QuoteOrder:
    """The buyer approves the delivered sample; production can then be ordered from the same quote."""
    _require(quote_order, by, buyer=True)
    with transaction.atomic():
        locked = _locked(quote_order)
        _check_sample_delivered(locked)
        MILESTONE_MACHINE.apply(instance=locked, target=M.SAMPLE_APPROVED, by=by)
        _tell(locked, to_buyer=False)
    return locked


def sample_request_changes(*, quote_order: QuoteOrder, by: Any, reason: str) -> QuoteOrder:
    """The buyer asks for changes to the delivered sample; the reason goes back to the artisan."""
    _require(quote_order, by, buyer=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what should change.")]})
    with transaction.atomic():
        locked = _locked(quote_order)
        _check_sample_delivered(locked)
        MILESTONE_MACHINE.apply(instance=locked, target=M.SAMPLE_CHANGES, by=by, reason=reason[:2000])
        _tell(locked, to_buyer=False, reason=reason)
    return locked


def _check_sample_delivered(quote_order: QuoteOrder) -> None:
    if quote_order.kind != QuoteOrder.Kind.SAMPLE:
        raise NotFound()
    if quote_order.first_order.status not in DONE_STATUSES:
        raise TransitionNotAllowed(_("The sample has not been delivered yet."), code="sample_not_delivered")


def production_order(*, quote: Quote, by: Any) -> QuoteOrder:
    """After the sample is approved, the buyer orders production from the same quote (idempotent: one per
    quote)."""
    if not getattr(by, "is_authenticated", False) or quote.rfq.buyer_id != by.pk:
        raise NotFound()
    with transaction.atomic():
        locked = Quote.objects.select_for_update().select_related("rfq__business", "artisan__user").get(pk=quote.pk)
        found = QuoteOrder.objects.filter(quote=locked, kind=QuoteOrder.Kind.PRODUCTION).first()
        if found is not None:
            return found
        sample = QuoteOrder.objects.filter(quote=locked, kind=QuoteOrder.Kind.SAMPLE).first()
        if locked.status != Quote.Status.ACCEPTED or sample is None or sample.status != M.SAMPLE_APPROVED:
            raise TransitionNotAllowed(
                _("Production can be ordered once the sample is approved."), code="sample_not_approved"
            )
        created = _create(quote=locked, kind=QuoteOrder.Kind.PRODUCTION, by=by)
        _tell(created, to_buyer=False)
    return created


# --- production milestones ----------------------------------------------------------------------------------------


def production_start(*, quote_order: QuoteOrder, by: Any) -> QuoteOrder:
    """The artisan starts production once the deposit is paid (deposit due → in production); the deposit is
    released to the artisan in the same transaction (``settlement``)."""
    _require(quote_order, by, buyer=False)
    with transaction.atomic():
        locked = _locked(quote_order)
        MILESTONE_MACHINE.check(instance=locked, target=M.IN_PRODUCTION)
        if locked.first_order.status not in PAID_STATUSES:
            raise TransitionNotAllowed(_("The deposit has not been paid yet."), code="deposit_unpaid")
        settlement.release_deposit_locked(quote_order=locked, by=by, now=timezone.now())
        MILESTONE_MACHINE.apply(instance=locked, target=M.IN_PRODUCTION, by=by)
        _tell(locked, to_buyer=True)
    return locked


def production_goods_ready(*, quote_order: QuoteOrder, by: Any, photos: Sequence[IO[bytes]] = ()) -> QuoteOrder:
    """The artisan marks the finished goods ready with their photos (at least one in all, at most
    MAX_GOODS_PHOTOS), for the buyer's pre-shipment approval. Every file is checked by its bytes and against the
    artisan's upload quota before anything is written; stored files are removed again if the write fails."""
    _require(quote_order, by, buyer=False)
    photos = photo_files.checked(photos, by=by)
    with photo_files.removed_on_failure() as written, transaction.atomic():
        locked = _locked(quote_order)
        if locked.status != M.IN_PRODUCTION:
            raise TransitionNotAllowed(_("Production has not started."), code="not_in_production")
        existing = locked.photos.count()
        if existing + len(photos) == 0:
            raise ValidationError({"photos": [_("Add at least one photo of the finished goods.")]})
        if existing + len(photos) > MAX_GOODS_PHOTOS:
            raise ValidationError({"photos": [_("At most %(n)d photos.") % {"n": MAX_GOODS_PHOTOS}]})
        for offset, photo in enumerate(photos):
            photo_files.store(
                GoodsPhoto(quote_order=locked, position=existing + offset), photo, written, default_name="goods.jpg"
            )
        _mark_ready(locked)
    return locked


def _mark_ready(locked: QuoteOrder) -> None:
    locked.goods_ready_at = timezone.now()
    locked.save(update_fields=["goods_ready_at", "updated_at"])
    _tell(locked, to_buyer=True, reason=_("The finished goods are ready for your approval."))


def production_goods_approve(*, quote_order: QuoteOrder, by: Any) -> QuoteOrder:
    """The buyer approves the finished goods (pre-shipment approval): goods approved → balance due, with the
    balance order to pay, in one transaction."""
    _require(quote_order, by, buyer=True)
    with transaction.atomic():
        locked = _locked(quote_order)
        MILESTONE_MACHINE.check(instance=locked, target=M.GOODS_APPROVED)
        if locked.goods_ready_at is None:
            raise TransitionNotAllowed(_("The artisan has not marked the goods ready."), code="goods_not_ready")
        MILESTONE_MACHINE.apply(instance=locked, target=M.GOODS_APPROVED, by=by)
        locked.balance_order = _milestone_order(
            quote=locked.quote,
            amount=locked.balance_amount,
            label=_("Balance %(percent)s%%") % {"percent": 100 - locked.deposit_percent},
        )
        MILESTONE_MACHINE.apply(instance=locked, target=M.BALANCE_DUE, by=by, update_fields=["balance_order"])
        _tell(locked, to_buyer=False)
    return locked


def production_goods_reject(*, quote_order: QuoteOrder, by: Any, reason: str) -> QuoteOrder:
    """The buyer asks for changes to the finished goods: back to the artisan with the reason (still in
    production, goods no longer marked ready)."""
    _require(quote_order, by, buyer=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what should change.")]})
    with transaction.atomic():
        locked = _locked(quote_order)
        if locked.status != M.IN_PRODUCTION or locked.goods_ready_at is None:
            raise TransitionNotAllowed(_("The artisan has not marked the goods ready."), code="goods_not_ready")
        locked.goods_ready_at = None
        locked.save(update_fields=["goods_ready_at", "updated_at"])
        locked.status_changes.create(from_status=locked.status, to_status=locked.status, actor=by, reason=reason)
        _tell(locked, to_buyer=False, reason=reason)
    return locked


def production_balance_paid(*, quote_order: QuoteOrder, by: Any) -> QuoteOrder:
    """Once the balance is paid, the order is ready to ship (balance due → ready to ship); the artisan then ships
    the balance order through the order lifecycle. Either party may call it; it checks the payment."""
    if not (_is_buyer(quote_order, by) or _is_artisan(quote_order, by) or getattr(by, "is_staff", False)):
        raise NotFound()
    with transaction.atomic():
        locked = _locked(quote_order)
        if locked.status == M.READY_TO_SHIP:
            return locked
        MILESTONE_MACHINE.check(instance=locked, target=M.READY_TO_SHIP)
        if locked.balance_order is None or locked.balance_order.status not in PAID_STATUSES:
            raise TransitionNotAllowed(_("The balance has not been paid yet."), code="balance_unpaid")
        MILESTONE_MACHINE.apply(instance=locked, target=M.READY_TO_SHIP, by=by)
        _tell(locked, to_buyer=False)
    return locked


def quote_order_cancel(*, quote_order: QuoteOrder, by: Any, reason: str) -> QuoteOrder:
    """Cancel a sample or production order before it ships: its milestone orders are cancelled through
    ``orders.services.lifecycle.order_cancel`` (a paid one becomes a refund owed to the buyer, as for every
    order); a deposit already released at production start is owed back from the artisan's balance
    (``settlement``). The artisan or staff need a reason; the buyer only while the artisan has not started."""
    if not (_is_buyer(quote_order, by) or _is_artisan(quote_order, by) or getattr(by, "is_staff", False)):
        raise NotFound()
    with transaction.atomic():
        locked = _locked(quote_order)
        MILESTONE_MACHINE.check(instance=locked, target=M.CANCELLED)
        if _is_buyer(locked, by) and locked.status not in (M.DEPOSIT_DUE, M.SAMPLE_DUE):
            raise TransitionNotAllowed(_("Production has started; ask the artisan to cancel."), code="started")
        settlement.refund_released_deposit_locked(quote_order=locked, by=by, reason=reason, now=timezone.now())
        for order in (locked.first_order, locked.balance_order):
            if order is not None and order.status not in (Order.Status.CANCELLED, Order.Status.COMPLETED):
                lifecycle.order_cancel(order=order, by=by, reason=reason)
        MILESTONE_MACHINE.apply(instance=locked, target=M.CANCELLED, by=by, reason=reason)
        _tell(locked, to_buyer=not _is_buyer(locked, by), reason=reason)
    return locked
