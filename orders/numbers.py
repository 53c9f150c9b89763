"""Order and purchase numbers: short, readable aloud, not guessable (e.g. CM-2611-7F3K9Q)."""

from __future__ import annotations

import secrets

from django.utils import timezone

# Crockford-style alphabet: no I, L, O, U, so nothing is misread on a phone call.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _random(n: int = 6) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def new_order_number() -> str:
    return f"CM-{timezone.localdate():%y%m}-{_random()}"


def new_purchase_number() -> str:
    return f"PAY-{timezone.localdate():%y%m}-{_random()}"
