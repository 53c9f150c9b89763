"""Reads for the catalogue, already scoped and joined.

Public reads start from ``Product.objects.public()`` (published products of verified, unsuspended artisans);
studio reads are scoped to one artisan. List querysets select the artisan and category and prefetch only the
primary image, so that a page of any size costs the same few queries.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connections, router
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

from artisans.models import Artisan
from catalog import search
from catalog.categories_data import WOOD_FAMILY
from catalog.models import Category, Product, ProductImage, ProductStatusChange, Variant
from craftmarket.common.catalogue_cache import public_catalogue_changed, public_catalogue_generation
from craftmarket.common.errors import NotFound

PAGE_SIZE = 24
CATEGORY_TREE_KEY = "catalog:category-tree:v1"
SORTS = ("relevance", "newest", "price_asc", "price_desc", "popularity", "rating")
LIST_DEFERRED = ("search_vector", "description_en", "care_instructions", "care_instructions_en", "rejection_reason")
# The studio's list shows which English texts are missing (Product.missing_english), so it reads them.
STUDIO_LIST_DEFERRED = ("search_vector", "rejection_reason")


# --- cache generation -----------------------------------------------------------------------------------------
# Cached lists (counts, rendered list fragments) carry the catalogue's generation in their keys. The services
# call ``catalog_changed()`` (after commit) whenever what the public sees changes, which retires every cached
# list at once; the short timeouts bound what a change that bypasses the services (stock taken by a checkout, a
# bulk load) can leave stale.
LIST_FRAGMENT_SECONDS = 60

# The generation of the public catalogue lives in the shared layer: artisans' services bump it too (suspending
# an artisan hides their products at once).
catalog_generation = public_catalogue_generation
catalog_changed = public_catalogue_changed


def list_fragment_key(*, path: str, params: Mapping[str, Any]) -> str:
    """The cache key of a rendered list page part: the path, the query (order-insensitive), the page size, the
    language and the catalogue's generation."""
    query = sorted((str(k), str(v)) for k, v in params.items())
    digest = hashlib.sha256(repr((path, query, PAGE_SIZE)).encode()).hexdigest()[:32]
    return f"catalog:list:{catalog_generation()}:{get_language() or ''}:{digest}"


# --- categories ---------------------------------------------------------------------------------------------


@dataclass
class CategoryNode:
    id: int
    slug: str
    name_id: str
    name_en: str
    parent_id: int | None
    position: int
    children: list[CategoryNode] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    def get_absolute_url(self) -> str:
        return reverse("catalog:category", kwargs={"slug": self.slug})

    def descendant_ids(self) -> list[int]:
        ids = [self.id]
        for child in self.children:
            ids.extend(child.descendant_ids())
        return ids


def _build_tree() -> list[CategoryNode]:
    nodes = {
        c["id"]: CategoryNode(**c, children=[])
        for c in Category.objects.order_by("position", "name_id").values(
            "id", "slug", "name_id", "name_en", "parent_id", "position"
        )
    }
    roots: list[CategoryNode] = []
    for node in nodes.values():
        if node.parent_id and node.parent_id in nodes:
            nodes[node.parent_id].children.append(node)
        else:
            roots.append(node)
    return roots


# Each process also keeps the tree it last read for a few seconds: a list page asks for it three times, and every
# cache read is a round trip. Another process's change is therefore seen within CATEGORY_TREE_LOCAL_SECONDS.
CATEGORY_TREE_LOCAL_SECONDS = 5.0
_local_tree: tuple[float, list[CategoryNode]] | None = None


def category_tree() -> list[CategoryNode]:
    """The whole tree (families with their children), cached; ``category_tree_invalidate`` on any change."""
    global _local_tree
    now = time.monotonic()
    if _local_tree is not None and _local_tree[0] > now:
        return _local_tree[1]
    tree = cache.get(CATEGORY_TREE_KEY)
    if tree is None:
        tree = _build_tree()
        cache.set(CATEGORY_TREE_KEY, tree, 24 * 3600)
    _local_tree = (now + CATEGORY_TREE_LOCAL_SECONDS, tree)
    return tree


def category_tree_forget_local() -> None:
    """Drop this process's copy of the tree (the shared cache keeps its own); tests call it between tests."""
    global _local_tree
    _local_tree = None


def category_tree_invalidate() -> None:
    category_tree_forget_local()
    cache.delete(CATEGORY_TREE_KEY)


def _walk(nodes: list[CategoryNode]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def category_by_slug(slug: str) -> CategoryNode:
    """A node of the cached tree (no query when the cache is warm); raises NotFound."""
    for node in _walk(category_tree()):
        if node.slug == slug:
            return node
    raise NotFound()


def category_ancestors(node: CategoryNode) -> list[CategoryNode]:
    by_id = {n.id: n for n in _walk(category_tree())}
    chain: list[CategoryNode] = []
    current = by_id.get(node.parent_id) if node.parent_id else None
    while current is not None:
        chain.insert(0, current)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return chain


# --- public products ----------------------------------------------------------------------------------------


def _primary_image_prefetch() -> Prefetch:
    return Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")


def card_rows() -> QuerySet[Product]:
    """Where a list page's cards are read from by id (``paging.PageProducts``): public products with what a card
    shows."""
    return _public_list_base()


def _public_list_base() -> QuerySet[Product]:
    return (
        Product.objects.public()
        .select_related("artisan", "category")
        .defer(*LIST_DEFERRED)
        .prefetch_related(_primary_image_prefetch())
    )


def _in_stock() -> Exists:
    return Exists(Variant.objects.filter(product=OuterRef("pk"), stock__gt=0))


def _material_q(tag: str) -> Q:
    tag = " ".join(tag.split()).lower()
    # The plain "contains" lets PostgreSQL use the trigram index on materials; the rest makes the tag whole.
    return Q(materials__contains=tag) & (
        Q(materials=tag)
        | Q(materials__startswith=f"{tag},")
        | Q(materials__endswith=f",{tag}")
        | Q(materials__contains=f",{tag},")
    )


def apply_filters(qs: QuerySet[Product], filters: Mapping[str, Any]) -> QuerySet[Product]:
    """Filters (already cleaned, e.g. by ``ProductFilterForm``): category (slug; includes descendants), material,
    province, price_min, price_max, in_stock, made_to_order, artisan (slug), min_rating (stored average at least)."""
    if filters.get("category"):
        node = category_by_slug(filters["category"])
        qs = qs.filter(category_id__in=node.descendant_ids())
    if filters.get("material"):
        qs = qs.filter(_material_q(filters["material"]))
    if filters.get("province"):
        qs = qs.filter(province=filters["province"])
    if filters.get("price_min") is not None:
        qs = qs.filter(price__gte=filters["price_min"])
    if filters.get("price_max") is not None:
        qs = qs.filter(price__lte=filters["price_max"])
    if filters.get("in_stock"):
        qs = qs.filter(_in_stock())
    if filters.get("made_to_order"):
        qs = qs.filter(made_to_order=True)
    if filters.get("artisan"):
        qs = qs.filter(artisan__slug=filters["artisan"])
    if filters.get("wholesale"):  # stored on the product by catalog.wholesale: no join
        qs = qs.filter(Q(wholesale_price__isnull=False) | Q(wholesale_business_only=True))
    if filters.get("business_prices"):
        qs = qs.filter(wholesale_business_only=True)
    if filters.get("samples"):  # catalog.wholesale's SampleOffer: one join, no query per product
        qs = qs.filter(sample_offer__isnull=False)
    if filters.get("moq_max") is not None:
        qs = qs.filter(min_order_quantity__lte=filters["moq_max"])
    if filters.get("ships_within") is not None:
        qs = qs.filter(Q(made_to_order=False) | Q(lead_time_days__lte=filters["ships_within"]))
    if filters.get("min_rating"):
        # The stored average of the visible reviews (orders.reviews keeps it): no join, no per-product query.
        qs = qs.filter(rating_average__gte=filters["min_rating"])
    return qs


def _unit_price_at(quantity: int) -> Coalesce:
    """The cheapest unit price open to everyone at ``quantity``: the best public tier (catalog.wholesale's
    ``PriceTier``, named by label: catalog does not import the nested app) or else the product's price."""
    tiers = apps.get_model("wholesale", "PriceTier").objects.filter(
        variant__product=OuterRef("pk"), min_quantity__lte=quantity, business_only=False
    )
    return Coalesce(Subquery(tiers.order_by("unit_price").values("unit_price")[:1]), F("price"))


def _order(qs: QuerySet[Product], sort: str, *, searched: bool, quantity: int | None = None) -> QuerySet[Product]:
    if sort == "unit_price_at":
        return qs.annotate(unit_price_at=_unit_price_at(quantity or 1)).order_by("unit_price_at", "-pk")
    if sort == "price_asc":
        return qs.order_by("price", "-pk")
    if sort == "price_desc":
        return qs.order_by("-price", "-pk")
    if sort == "popularity":
        return qs.order_by("-popularity", "-pk")
    if sort == "rating":  # best average first, more reviews first among equals (index product_pub_rating)
        return qs.order_by("-rating_average", "-rating_count", "-pk")
    if sort in ("", "relevance") and searched:
        return qs.order_by("-rank", "-popularity", "-pk")
    return qs.order_by("-published_at", "-pk")


def product_list_public(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Product]:
    """Public products matching ``filters`` (see ``apply_filters``, plus ``q`` for search and ``sort``: relevance,
    newest, price_asc, price_desc, popularity, rating). Relevance applies when ``q`` is given; otherwise newest
    first."""
    return product_search_public(filters=filters).products


@dataclass(frozen=True)
class PublicSearch:
    products: QuerySet[Product]
    searched_for: str  # the query's words, or their spelling correction when only that matched ("" without q)
    count: int | None = None  # the list's capped count when the search counted it (search.Found.count)


def product_search_public(*, filters: Mapping[str, Any] | None = None) -> PublicSearch:
    """``product_list_public``, and what was searched for, so that a page can say "showing results for …"."""
    filters = filters or {}
    qs = apply_filters(_public_list_base(), filters)
    q = (filters.get("q") or "").strip()
    sort = filters.get("sort") or ""
    searched_for, count = "", None
    if q:
        found = search.search_counted(qs, q, ranked=sort in ("", "relevance"))
        qs, searched_for, count = found.products, found.searched_for, found.count
    return PublicSearch(
        products=_order(qs, sort, searched=bool(q), quantity=filters.get("quantity")),
        searched_for=searched_for,
        count=count,
    )


def featured_products(*, limit: int = 8) -> list[Product]:
    return list(_public_list_base().filter(featured=True).order_by("-popularity", "-pk")[:limit])


def new_arrivals(*, limit: int = 8) -> list[Product]:
    return list(_public_list_base().order_by("-published_at", "-pk")[:limit])


def family_products(*, slug: str, limit: int = 8) -> list[Product]:
    """Popular products of one family (a top category) for the home page."""
    node = category_by_slug(slug)
    return list(
        _public_list_base().filter(category_id__in=node.descendant_ids()).order_by("-popularity", "-pk")[:limit]
    )


def product_get_public(*, slug: str) -> Product:
    """A public product with everything its page shows; raises NotFound."""
    product = (
        Product.objects.public()
        # sample_offer: catalog.wholesale's SampleOffer, shown on the page (no query of its own).
        .select_related("artisan", "artisan__user", "category", "category__parent", "sample_offer")
        .defer("search_vector")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
            Prefetch("variants", queryset=Variant.objects.order_by("position", "pk")),
        )
        .filter(slug=slug)
        .first()
    )
    if product is None:
        raise NotFound()
    return product


@dataclass(frozen=True)
class ProductPageVersion:
    """What a product page's validators are made of: the row's ``updated_at`` and a tag that changes with the
    product, its artisan, its variants' stock and prices, its photos' state, and the catalogue's generation."""

    last_modified: Any
    tag: str
    # The product has tiers for verified businesses only: the page then differs by the viewer's business status.
    business_tiers: bool = False
    owner_id: int | None = None  # the artisan's user: the page hides "Ask the artisan" from them


_SLUG_PARAMETER = "\x00product-page-version-slug\x00"


def _page_version_queryset(slug: str) -> QuerySet:
    stock = (
        Variant.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(v=Concat(Sum("stock"), Value(":"), Sum("price"), Value(":"), Count("pk"), output_field=CharField()))
        .values("v")
    )
    # A rendition finishing (or failing) changes what the gallery shows without touching the product row.
    photos = (
        ProductImage.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(
            v=Concat(
                Count("pk"),
                Value(":"),
                Count("pk", filter=Q(status=ProductImage.Status.READY)),
                Value(":"),
                Count("pk", filter=Q(status=ProductImage.Status.FAILED)),
                Value(":"),
                Max("pk"),
                output_field=CharField(),
            )
        )
        .values("v")
    )
    return (
        Product.objects.public()
        .filter(slug=slug)
        .values_list("pk", "updated_at", "artisan__updated_at", "wholesale_business_only", "artisan__user_id")
        .annotate(variants=Subquery(stock), photos=Subquery(photos))
        .order_by()[:1]
    )


@functools.cache
def _page_version_sql(alias: str, vendor: str) -> tuple[str, tuple[Any, ...], int]:
    """The version query compiled once per database (compiling its two subqueries cost more than running it):
    its SQL, its parameters and where the slug goes among them."""
    sql, params = _page_version_queryset(_SLUG_PARAMETER).query.get_compiler(alias).as_sql()
    return sql, tuple(params), params.index(_SLUG_PARAMETER)


def _aware(value: Any) -> datetime:
    """A timestamp column as an aware datetime (SQLite's cursor gives text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def product_page_version(*, slug: str) -> ProductPageVersion | None:
    """One small query (no row but the product's): None when the product is not public. Read where the router
    sends public catalogue reads (a replica, unless the visitor just wrote)."""
    alias = router.db_for_read(Product) or "default"
    connection = connections[alias]
    sql, params, index = _page_version_sql(alias, connection.vendor)
    params = params[:index] + (slug,) + params[index + 1 :]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, updated_at, artisan_updated_at, business_tiers, owner_id, variants, photos_state = row
    updated_at, artisan_updated_at = _aware(updated_at), _aware(artisan_updated_at)
    tag = (
        f"{pk}:{updated_at.timestamp()}:{artisan_updated_at.timestamp()}:{variants}:{photos_state}:"
        f"{catalog_generation()}"
    )
    return ProductPageVersion(last_modified=updated_at, tag=tag, business_tiers=bool(business_tiers), owner_id=owner_id)


def related_products(*, product: Product, limit: int = 4) -> list[Product]:
    return list(
        _public_list_base()
        .filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .order_by("-popularity", "-pk")[:limit]
    )


def material_choices() -> list[str]:
    """Materials in use by public products (cached for an hour), for the filter's suggestions."""
    key = "catalog:materials:v1"
    found = cache.get(key)
    if found is None:
        tags: set[str] = set()
        for value in (
            Product.objects.public().exclude(materials="").values_list("materials", flat=True).distinct()[:2000]
        ):
            tags.update(t for t in value.split(",") if t)
        found = sorted(tags)
        cache.set(key, found, 3600)
    return found


# --- studio (one artisan's own products) ----------------------------------------------------------------------


def products_for_artisan(*, artisan: Artisan, status: str = "") -> QuerySet[Product]:
    qs = (
        Product.objects.filter(artisan=artisan)
        .select_related("category")
        .defer(*STUDIO_LIST_DEFERRED)
        .prefetch_related(
            _primary_image_prefetch(), Prefetch("variants", queryset=Variant.objects.order_by("position"))
        )
        .order_by("-updated_at", "-pk")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def product_status_counts(*, artisan: Artisan) -> dict[str, int]:
    """How many of the artisan's products are in each status (every status present, zeros included): one query."""
    counts = dict.fromkeys(Product.Status.values, 0)
    for row in Product.objects.filter(artisan=artisan).values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def product_get_for_owner(*, artisan: Artisan | None, slug: str) -> Product:
    """One of the artisan's own products, whatever its status; another artisan's product is NotFound (404)."""
    if artisan is None:
        raise NotFound()
    product = (
        Product.objects.filter(artisan=artisan, slug=slug)
        .select_related("artisan", "category")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
            Prefetch("variants", queryset=Variant.objects.order_by("position", "pk")),
        )
        .first()
    )
    if product is None:
        raise NotFound()
    return product


def product_status_history(*, product: Product) -> list[ProductStatusChange]:
    return list(product.status_changes.select_related("actor").order_by("created_at", "pk"))


# --- Timber legality ------------------------------------------------------------------------------------------
TIMBER_MISSING = (
    Q(timber_species="")
    | Q(timber_species_scientific="")
    | Q(timber_harvest_country="")
    | Q(timber_volume_m3__isnull=True, timber_weight_grams__isnull=True)
    | Q(svlk_certified=False)
    | Q(svlk_document_number="")
    | Q(timber_document_kind="")
)


def wood_products_missing_legality() -> QuerySet[Product]:
    """Wood-family listings (not archived) that lack any timber legality field: what moderators chase."""
    wood = Q(category__slug=WOOD_FAMILY) | Q(category__parent__slug=WOOD_FAMILY)
    return Product.objects.filter(wood, TIMBER_MISSING).exclude(status=Product.Status.ARCHIVED)
