"""Money after payment: the double-entry ledger, commission, payouts to artisans, statements and reconciliation.

A nested Django app (label ``money``). It imports ``orders.models`` and lower layers, never ``orders.services``:
the order services call ``orders.money.services`` inside their own transactions.
"""
