"""The order status machine: the one table of allowed transitions."""

from __future__ import annotations

from craftmarket.common.statemachine import StateMachine, table

from .models import Order

S = Order.Status

ORDER_MACHINE = StateMachine(
    name="Order",
    field="status",
    transitions=table(
        {
            S.AWAITING_PAYMENT: [S.PAID, S.CANCELLED],
            S.PAID: [S.PROCESSING, S.CANCELLED],
            S.PROCESSING: [S.SHIPPED, S.CANCELLED],
            S.SHIPPED: [S.DELIVERED],
            # A complaint decided for a replacement sends a delivered order back to the artisan.
            S.DELIVERED: [S.COMPLETED, S.PROCESSING],
        }
    ),
    history_model="orders.OrderStatusChange",
    subject_field="order",
    labels=dict(S.choices),
)

# Statuses from which the buyer may still cancel (before the artisan starts work).
BUYER_CANCELLABLE = frozenset({S.AWAITING_PAYMENT, S.PAID})
ARTISAN_CANCELLABLE = frozenset({S.AWAITING_PAYMENT, S.PAID, S.PROCESSING})
