"""The generation number of everything public about the catalogue.

Cached public lists (category and search page parts, the API list, capped counts) put this number in their keys;
any service that changes what the public may see calls ``public_catalogue_changed()`` and every such key is
retired at once. It lives in the shared layer because changes come from several apps: a product approved
(catalog), an artisan suspended or reinstated (artisans).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "catalog:generation"


def public_catalogue_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, None)
    return generation


def public_catalogue_changed(*, also_now: bool = False) -> None:
    """Retire every cached public list and product page body (on commit of the current transaction, or at once
    outside one). ``also_now``: at once as well (a change that pages read before it commits, such as the vocabulary's
    cached names; the bump on commit then retires what was rendered in between)."""

    def bump() -> None:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet (or evicted): any new value differs from what keys were made with
            cache.set(GENERATION_KEY, 2, None)

    if also_now:
        bump()
    transaction.on_commit(bump)
