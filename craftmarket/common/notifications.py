"""Who is told what. Every app calls ``notify``; this module decides the words, the audience of staff events and
how each one is delivered (a row in the in-app list, and an email in the recipient's language sent after commit
through the ``notifications`` queue, or collected into the moderators' digest).

Events (``event`` argument):
  artisan: order_paid, order_cancelled_by_buyer, order_completed, order_refunded, payout_sent, payout_failed,
           bank_account_changed, listing_approved, listing_rejected, profile_verified,
           profile_changes_requested, profile_suspended, review_received, certification_expiring
  buyer:   purchase_created, payment_confirmed, order_processing, order_shipped, order_delivered, order_cancelled,
           refund_sent, review_replied, review_hidden
  either:  message_received (a buyer or an artisan; batched by the conversations app: one per thread per 15 min)
  either:  complaint_changed (the other party of a complaint: answered, escalated, decided, appealed, resolved)
  artisan: complaint_opened
  staff:   complaint_escalated, review_waiting (collected into the 15-minute digest, never one mail per item)

``context`` keys (all optional; values are shown with ``str()``, except ``amount`` in whole rupiah):
  url              where the notification links to (a path such as ``/studio/orders/12/``)
  order, purchase  the order or purchase (its number or the object)
  product, artisan, buyer, item   names or objects named in the text
  amount           integer rupiah, shown as ``Rp 1.250.000``
  pay_before       the payment deadline (a datetime or text), for purchase_created
  sender           who wrote, for message_received
  reason           why a listing was rejected, a profile sent back, an order cancelled
  courier, tracking_number   for order_shipped

Example, inside the service's transaction::

    notify(event="listing_rejected", users=[product.artisan.user],
           context={"product": product.name, "reason": reason, "url": f"/studio/products/{product.pk}/"})
    notify(event="review_waiting", users=moderators(), context={"item": product.name, "url": admin_url})
"""

from __future__ import annotations

import datetime
import logging
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from craftmarket.common.models import Notification
from craftmarket.common.money import format_idr
from craftmarket.common.tasks import send_notification_email

logger = logging.getLogger(__name__)

MODERATOR_GROUP = "Dekranas moderator"


@dataclass(frozen=True)
class Event:
    audience: str  # "artisan", "buyer" or "staff"
    title: Promise
    body: Promise
    digest: bool = False


EVENTS: dict[str, Event] = {
    "order_paid": Event(
        "artisan",
        _("New paid order {order}"),
        _("{buyer} has paid for order {order} ({amount}). Please prepare it for shipping."),
    ),
    "order_cancelled_by_buyer": Event(
        "artisan", _("Order {order} was cancelled by the buyer"), _("The buyer cancelled order {order}.")
    ),
    "listing_approved": Event(
        "artisan", _("Your listing “{product}” is published"), _("Buyers can now find “{product}” in the catalogue.")
    ),
    "listing_rejected": Event(
        "artisan",
        _("Your listing “{product}” was not approved"),
        _("A moderator did not approve “{product}”. Please edit it and submit it again."),
    ),
    "profile_verified": Event(
        "artisan",
        _("Your workshop profile is verified"),
        _("{artisan} is verified: your published listings are now visible to buyers."),
    ),
    "profile_changes_requested": Event(
        "artisan",
        _("Your workshop profile needs changes"),
        _("A moderator asked for changes to the profile of {artisan}. Please update it and submit it again."),
    ),
    "profile_suspended": Event(
        "artisan",
        _("Your workshop has been suspended"),
        _("{artisan} is suspended: your listings are hidden from buyers."),
    ),
    "purchase_created": Event(
        "buyer",
        _("Please pay {amount} for purchase {purchase}"),
        _("Thank you for your purchase {purchase}. Please pay {amount} before {pay_before}."),
    ),
    "payment_confirmed": Event(
        "buyer",
        _("Payment for {purchase} confirmed"),
        _("We received your payment of {amount}. The makers will now prepare your order."),
    ),
    "order_processing": Event(
        "buyer", _("Order {order} is being prepared"), _("The maker has started preparing your order {order}.")
    ),
    "order_shipped": Event("buyer", _("Order {order} has been shipped"), _("Your order {order} is on its way.")),
    "order_delivered": Event(
        "buyer", _("Order {order} was delivered"), _("Your order {order} has arrived. We hope you enjoy it.")
    ),
    "order_cancelled": Event(
        "buyer", _("Order {order} was cancelled"), _("Your order {order} was cancelled. Reason: {reason}")
    ),
    "refund_sent": Event(
        "buyer",
        _("Refund for order {order} sent"),
        _("We sent back {amount} for the cancelled order {order}. It may take a few days to reach your account."),
    ),
    "order_completed": Event(
        "artisan",
        _("Order {order} is completed"),
        _("Order {order} is completed: its payment of {amount} will be released to you."),
    ),
    "review_received": Event(
        "artisan",
        _("New review of “{product}”"),
        _("A buyer rated “{product}” {item} out of 5. You can reply once from your studio."),
    ),
    "review_replied": Event(
        "buyer",
        _("The artisan replied to your review of “{product}”"),
        _("The artisan of “{product}” replied to your review."),
    ),
    "review_hidden": Event(
        "buyer",
        _("Your review of “{product}” was hidden"),
        _("A moderator hid your review of “{product}”."),
    ),
    "message_received": Event(
        "participant",
        _("New message about {item}"),
        _("{sender} sent you a message about {item}. Open the conversation on Craftmarket to read it and reply."),
    ),
    "order_refunded": Event(
        "artisan",
        _("Order {order} was refunded"),
        _("{amount} of the completed order {order} was refunded to the buyer and taken from your balance."),
    ),
    "payout_sent": Event(
        "artisan",
        _("Payout of {amount} transferred"),
        _("We transferred {amount} to your bank account. Reference: {item}."),
    ),
    "payout_failed": Event(
        "artisan",
        _("Payout of {amount} failed"),
        _("The transfer of {amount} to your bank account failed; the money is back in your available balance."),
    ),
    "bank_account_changed": Event(
        "artisan",
        _("Your payout bank account was changed"),
        _("The bank account for your payouts is now {item}. If you did not make this change, contact us at once."),
    ),
    "review_waiting": Event(
        "staff", _("{item} is waiting for review"), _("{item} is waiting for a moderator's review."), digest=True
    ),
    "complaint_opened": Event(
        "artisan",
        _("Complaint about order {order}"),
        _("The buyer reported a problem with order {order}: {item}. Please answer before {pay_before}."),
    ),
    "complaint_changed": Event(
        "participant",
        _("Complaint about order {order}: {item}"),
        _("The complaint about order {order} is now: {item}."),
    ),
    "complaint_escalated": Event(
        "staff",
        _("Complaint about order {order} escalated"),
        _("The complaint about order {order} is waiting for a Dekranas decision."),
        digest=True,
    ),
    "certification_expiring": Event(
        "artisan",
        _("Your certification {item} expires on {valid_until}"),
        _(
            "{item} is valid until {valid_until} ({days} days left). Upload the renewed certificate in your studio; "
            "the badge disappears when it expires."
        ),
    ),
    # Requests for quotation (orders.quotes)
    "rfq_received": Event(
        "artisan",
        _("New request for quotation: {item}"),
        _("A business buyer asks for a quote for “{item}”. Open it in your studio to send a quote."),
    ),
    "rfq_open_moderators": Event(
        "staff",
        _("Open request for quotation: {item}"),
        _("An open request for quotation “{item}” was sent to artisans of your province; you may invite others."),
        digest=True,
    ),
    "rfq_expired": Event(
        "buyer", _("Your request “{item}” has closed"), _("The closing date of your request “{item}” has passed.")
    ),
    "quote_received": Event(
        "buyer", _("New quote for “{item}”"), _("{artisan} sent you a quote for “{item}”. Compare it and answer.")
    ),
    "quote_countered": Event(
        "artisan", _("Counter-offer for “{item}”"), _("The buyer answered your quote for “{item}” with other terms.")
    ),
    "quote_accepted": Event(
        "artisan", _("Your quote for “{item}” was accepted"), _("The buyer accepted your quote for “{item}”.")
    ),
    "quote_declined": Event(
        "artisan", _("Your quote for “{item}” was declined"), _("The buyer declined your quote for “{item}”.")
    ),
    "quote_expired": Event(
        "artisan", _("Your quote for “{item}” has expired"), _("Your quote for “{item}” passed its validity date.")
    ),
    "quote_order_changed": Event(
        "participant", _("“{item}”: {status}"), _("The order from the quote for “{item}” is now: {status}.")
    ),
    "quote_withdrawn": Event(
        "buyer", _("A quote for “{item}” was withdrawn"), _("{artisan} withdrew their quote for “{item}”.")
    ),
}

# Keys copied into the row's ``data`` for the email templates (plain JSON values only).
_DATA_KEYS = ("reason", "courier", "tracking_number", "amount", "pay_before", "order", "purchase", "product", "item")
# The purchase's display-currency snapshot, for "≈ €25.30 · Rp 440.000" in mails (craftmarket.currency).
_DATA_KEYS += ("display_currency", "display_rate")


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def moderators() -> list[Any]:
    """The staff who moderate: active users in the "Dekranas moderator" group."""
    user_model = get_user_model()
    return list(user_model.objects.filter(groups__name=MODERATOR_GROUP, is_active=True).distinct().order_by("pk"))


def _display(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "amount" and isinstance(value, int):
        return format_idr(value)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


def _format(template: Promise, values: dict[str, str]) -> str:
    return string.Formatter().vformat(str(template), (), _Blank(values)).strip()


def _json_value(key: str, value: Any) -> Any:
    if key == "amount" and isinstance(value, int):
        return value
    return _display(key, value)


def render_texts(event: str, context: dict[str, Any]) -> tuple[str, str]:
    """Title and body of ``event`` in the active language."""
    spec = EVENTS[event]
    values = {key: _display(key, value) for key, value in context.items()}
    title = _format(spec.title, values)
    lines = [_format(spec.body, values)]
    if values.get("reason"):
        lines.append(_format(_("Reason: {reason}"), values))
    if values.get("tracking_number"):
        lines.append(_format(_("Courier: {courier}. Tracking number: {tracking_number}."), values))
    return title[:200], "\n".join(line for line in lines if line)


def _language(user: Any) -> str:
    language = getattr(user, "language", "") or "id"
    return language if language in ("id", "en") else "id"


def _enqueue_emails(pks: list[int]) -> None:
    """After commit. A broker that is down leaves the rows ``queued``: the outbox task
    (``resend_queued_notifications``, every minute) sends them once the broker is back, so no mail is lost."""
    for pk in pks:
        try:
            send_notification_email.delay(pk)
        except Exception as exc:  # any broker error: the outbox picks the rows up later
            logger.warning("notification mails %s left to the outbox: %s: %s", pks, type(exc).__name__, exc)
            return


def notify(*, event: str, users: Iterable[Any], context: dict[str, Any] | None = None) -> None:
    """Tell ``users`` about ``event``. Call it inside the service's transaction: delivery waits for the commit.

    Guarantees: one in-app row per distinct active recipient, written in the recipient's language; one email per
    row, sent by a task only after the surrounding transaction commits (never if it rolls back); staff events go
    to the moderators' digest instead. A broker or mail failure never raises here. An unknown event is a
    programming error and raises ``ValueError``.
    """
    if event not in EVENTS:
        raise ValueError(f"Unknown notification event: {event!r}")
    spec = EVENTS[event]
    context = dict(context or {})
    recipients: dict[int, Any] = {}
    for user in users:
        if user is not None and getattr(user, "is_active", True) and user.pk not in recipients:
            recipients[user.pk] = user
    if spec.audience == "staff" and not recipients:
        recipients = {user.pk: user for user in moderators()}
    if not recipients:
        return
    data = {key: _json_value(key, context[key]) for key in _DATA_KEYS if context.get(key) not in (None, "")}
    url = str(context.get("url") or "")
    rows = []
    for user in recipients.values():
        with translation.override(_language(user)):
            title, body = render_texts(event, context)
        rows.append(
            Notification(
                recipient=user,
                event=event,
                title=title,
                body=body,
                url=url,
                data=data,
                email_status=Notification.EmailStatus.DIGEST if spec.digest else Notification.EmailStatus.QUEUED,
            )
        )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        pks = [row.pk for row in created if row.email_status == Notification.EmailStatus.QUEUED]
        if pks:
            # robust: a broker that is down is logged, never turned into an error of the request that committed.
            transaction.on_commit(partial(_enqueue_emails, pks), robust=True)
    for user in recipients.values():
        logger.info("notify %s user=%s", event, user.pk)
