"""Paginating public lists: capped, cached counts; pages read ids first; a list page's products by id, so that
their cards come from the fragment cache (catalog.fragments) and whole rows load only for the cards it lacks."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

from catalog import search
from catalog.fragments import CARD_FIELDS
from catalog.models import Product, ProductImage
from craftmarket.common.catalogue_cache import public_catalogue_generation

# Counting every match of a broad query over a large catalogue costs more than the page itself; past this many,
# lists say "more than 10,000" instead of an exact number (searches: search.RESULT_LIMIT).
COUNT_CAP = 10_000
# Counts of list queries are kept this long (seconds) in the cache: the number shown above a list may lag a
# publication by a minute, and the pages themselves never do.
COUNT_CACHE_SECONDS = 60
# From this offset on (that is, always), a page first reads only the primary keys of its rows (an index-only walk
# of the product_pub_* indexes, filters on the category and the artisan included, past the skipped rows) and then
# loads the page's rows by primary key: reading whole rows while walking an index fetches every row the filters
# then drop (52 ms instead of 1 ms for the filtered API list at 100 000 products; docs/performance.md).
DEFERRED_JOIN_OFFSET = 0


class CappedPaginator(Paginator):
    """A paginator whose count stops at COUNT_CAP + 1 (search.RESULT_LIMIT + 1 for a search; ``SELECT COUNT(*)
    FROM (… LIMIT n)``), is cached for
    COUNT_CACHE_SECONDS under the hash of its SQL, and whose deep pages are read ids first (see
    DEFERRED_JOIN_OFFSET). Works on any queryset; a list is paginated as Django's Paginator does."""

    # When set (list pages), Page.object_list is a PageProducts over this queryset: the page's ids, with rows
    # loaded only for the cards the fragment cache lacks.
    cards_from: QuerySet | None = None
    # The count when the caller knows it already (a search counts its matches): not counted again.
    known_count: int | None = None

    @cached_property
    def count_cap(self) -> int:
        """COUNT_CAP, or search.RESULT_LIMIT for a search (a queryset annotated with its ``rank``)."""
        searched = isinstance(self.object_list, QuerySet) and "rank" in self.object_list.query.annotations
        return search.RESULT_LIMIT if searched else COUNT_CAP

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        if self.known_count is not None:
            return min(self.known_count, self.count_cap + 1)
        counted = self.object_list.order_by().values("pk")[: self.count_cap + 1]
        try:
            sql, params = counted.query.sql_with_params()
        except EmptyResultSet:
            return 0
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        key = f"catalog:count:{public_catalogue_generation()}:{digest}"
        found = cache.get(key)
        if found is None:
            # The SQL just compiled for the key, counted as it is (compiling it again costs more than the count).
            with connections[counted.db].cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)  # noqa: S608 - the ORM's SQL
                found = cursor.fetchone()[0]
            cache.set(key, found, COUNT_CACHE_SECONDS)
        return found

    @property
    def count_capped(self) -> bool:
        return self.count > self.count_cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = self.object_list
        if bottom < DEFERRED_JOIN_OFFSET or not isinstance(qs, QuerySet):
            return self._get_page(qs[bottom:top], number, self)
        ids = list(qs.values_list("pk", flat=True)[bottom:top])
        if self.cards_from is not None:  # by primary key alone: the list's conditions chose the ids already
            return self._get_page(PageProducts(ids, self.cards_from), number, self)
        by_pk = {obj.pk: obj for obj in qs.order_by().filter(pk__in=ids)}
        return self._get_page([by_pk[pk] for pk in ids if pk in by_pk], number, self)


class PageProducts(Sequence):
    """The products of a list page by id, for ``{% product_cards %}``: their cards' contents are read as plain
    values (no model instances) to find the cards in the fragment cache, and whole rows are loaded only for the
    cards it does not hold. Indexing or iterating loads every row, as a plain page would."""

    def __init__(self, ids: list[int], queryset: QuerySet[Product]) -> None:
        self.ids = ids
        self.queryset = queryset

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self.all_rows[index]

    @cached_property
    def all_rows(self) -> list[Product]:
        found = self.rows(self.ids)
        return [found[pk] for pk in self.ids if pk in found]

    def rows(self, ids: list[int]) -> dict[int, Product]:
        return {obj.pk: obj for obj in self.queryset.filter(pk__in=ids)}

    def card_values(self) -> dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]]:
        """pk -> (what the card shows of the product and its maker, its primary photo's state): two queries."""
        values = self.queryset.filter(pk__in=self.ids).values_list(*CARD_FIELDS)
        photos: dict[int, list[tuple[Any, ...]]] = {}
        for product_id, *photo in (
            ProductImage.objects.filter(product_id__in=self.ids, is_primary=True)
            .order_by("position", "pk")
            .values_list("product_id", "pk", "status", "alt_text", "renditions")
        ):
            photos.setdefault(product_id, []).append(tuple(photo))
        return {row[0]: (tuple(row), tuple(photos.get(row[0], ()))) for row in values}
