"""Full-text search over the catalogue.

PostgreSQL: a stored ``search_vector`` (GIN-indexed) built in one SQL statement from the name (weight A),
materials, technique and category names (B) and the description (C). Name, tags and categories are indexed in
both the 'indonesian' (stemmed: "anyaman" and "menganyam" both become "anyam") and the 'simple' configuration;
the Indonesian description only in 'indonesian' (the longest text, and the cost of a bulk refresh), the English
one in 'simple'. A query matches either. When full
text finds nothing, a pg_trgm word-similarity match on the name and materials catches misspellings ("anyamn rotan").
SQLite: a plain case-insensitive ``icontains`` on the same fields.

Vectors are refreshed by the services on every save that changes searchable text, and in batches by
``refresh_search_vectors()`` (management command ``refresh_search_vectors``) for bulk loads, which leave the
vector NULL: NULL is the dirty flag.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value

_VECTOR_SQL = """
UPDATE catalog_product AS p SET search_vector =
    setweight(to_tsvector('indonesian', p.name), 'A')
 || setweight(to_tsvector('simple', p.name || ' ' || p.name_en), 'A')
 || setweight(to_tsvector('indonesian', replace(p.materials, ',', ' ') || ' ' || replace(p.technique, ',', ' ')
        || ' ' || c.name_id || ' ' || coalesce(pc.name_id, '')), 'B')
 || setweight(to_tsvector('simple', replace(p.materials, ',', ' ') || ' ' || replace(p.technique, ',', ' ')
        || ' ' || c.name_id || ' ' || c.name_en || ' ' || coalesce(pc.name_id, '') || ' ' || coalesce(pc.name_en, '')),
        'B')
 || setweight(to_tsvector('indonesian', p.description), 'C')
 || setweight(to_tsvector('simple', p.description_en), 'C')
FROM catalog_category AS c LEFT JOIN catalog_category AS pc ON pc.id = c.parent_id
WHERE c.id = p.category_id AND {where}
"""


# The GIN indexes of migration 0004, by name. Bulk loads drop them and build them again afterwards: building
# a GIN index once is far cheaper than maintaining it row by row.
GIN_INDEXES: dict[str, str] = {
    "product_search_vector_gin": "CREATE INDEX IF NOT EXISTS product_search_vector_gin ON catalog_product "
    "USING gin (search_vector)",
    "product_name_trgm": "CREATE INDEX IF NOT EXISTS product_name_trgm ON catalog_product "
    "USING gin (name gin_trgm_ops)",
    "product_materials_trgm": "CREATE INDEX IF NOT EXISTS product_materials_trgm ON catalog_product "
    "USING gin (materials gin_trgm_ops)",
}


@contextlib.contextmanager
def bulk_load() -> Iterator[None]:
    """For loads of many thousands of products on PostgreSQL: drop the GIN indexes, and on the way out refresh
    the NULL search vectors and build the indexes again (also when the load fails). A no-op on SQLite."""
    if not is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem TO '256MB'")
        for name in GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
        refresh_search_vectors()
    finally:
        with connection.cursor() as cursor:
            for sql in GIN_INDEXES.values():
                cursor.execute(sql)
            cursor.execute("ANALYZE")  # fresh statistics for every table the browse queries join


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vectors(*, product_ids: Iterable[int] | None = None, batch_size: int = 5000) -> int:
    """Rebuild the stored vectors: of ``product_ids``, or else of every product whose vector is NULL (bulk
    loads), in batches. Returns the number of rows updated; does nothing on SQLite."""
    if not is_postgres():
        return 0
    updated = 0
    with connection.cursor() as cursor:
        if product_ids is not None:
            ids = list(product_ids)
            for start in range(0, len(ids), batch_size):
                cursor.execute(_VECTOR_SQL.format(where="p.id = ANY(%s)"), [ids[start : start + batch_size]])
                updated += cursor.rowcount
            return updated
        while True:
            cursor.execute(
                _VECTOR_SQL.format(
                    where="p.id IN (SELECT id FROM catalog_product WHERE search_vector IS NULL ORDER BY id LIMIT %s)"
                ),
                [batch_size],
            )
            if cursor.rowcount <= 0:
                return updated
            updated += cursor.rowcount


def _text_query(q: str) -> SearchQuery:
    return SearchQuery(q, config="indonesian", search_type="websearch") | SearchQuery(
        q, config="simple", search_type="websearch"
    )


def substring_search(queryset: QuerySet, q: str) -> QuerySet:
    """The search without PostgreSQL (SQLite for `make run`): a case-insensitive substring match, unranked."""
    words = Q()
    for field in ("name", "name_en", "description", "materials", "technique", "category__name_id"):
        words |= Q(**{f"{field}__icontains": q})
    return queryset.filter(words).annotate(rank=Value(0.0, output_field=FloatField()))


def search(queryset: QuerySet, q: str) -> QuerySet:
    """Filter ``queryset`` by the words in ``q`` and annotate ``rank`` (higher is better)."""
    q = q.strip()
    if not q:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if not is_postgres():
        return substring_search(queryset, q)
    query = _text_query(q)
    full_text = queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    # Not .exists(): with LIMIT 1 and a low row estimate PostgreSQL picks a sequential scan over the GIN index.
    # A count bounded well above the estimate keeps the bitmap index scan.
    if full_text.order_by().values("pk")[:500].count():
        return full_text
    # Nothing matched as words: look for near spellings of the name and the materials (pg_trgm).
    return queryset.filter(Q(name__trigram_word_similar=q) | Q(materials__trigram_word_similar=q)).annotate(
        rank=TrigramWordSimilarity(q, "name")
    )
