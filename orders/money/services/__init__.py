"""Every write of the money app: the ledger (``ledger.post``), the money events' entries (``events``), commission
snapshots (``commission``), bank accounts (``bank_accounts``) and payouts (``payouts``)."""
