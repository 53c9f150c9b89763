"""Gateway payment methods (virtual accounts, QRIS, e-wallets) charged through Midtrans' Core API.

A purchase paid through the gateway has one open ``Charge`` at a time: the VA number, QR string or deeplink the
buyer pays. Notifications and status checks are applied by ``orders.services.payments``.
"""
