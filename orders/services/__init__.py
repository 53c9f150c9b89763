"""Every write of the orders app, split by concern. Import from the submodules or from here."""

from .addresses import address_create, address_delete, address_update
from .cart import cart_confirm_prices, cart_get_or_create, cart_line_add, cart_line_remove, cart_line_update, cart_merge
from .checkout import CheckoutInput, purchase_checkout
from .lifecycle import (
    order_cancel,
    order_complete_overdue,
    order_confirm,
    order_deliver,
    order_process,
    order_ship,
)
from .payments import (
    midtrans_notification_handle,
    payment_confirm,
    payment_proof_upload,
    purchase_expire,
)

__all__ = [
    "CheckoutInput",
    "address_create",
    "address_delete",
    "address_update",
    "cart_confirm_prices",
    "cart_get_or_create",
    "cart_line_add",
    "cart_line_remove",
    "cart_line_update",
    "cart_merge",
    "midtrans_notification_handle",
    "order_cancel",
    "order_complete_overdue",
    "order_confirm",
    "order_deliver",
    "order_process",
    "order_ship",
    "payment_confirm",
    "payment_proof_upload",
    "purchase_checkout",
    "purchase_expire",
]
