"""Full-text search over the catalogue.

PostgreSQL: a stored ``search_vector`` (GIN-indexed) built in one SQL statement from the name (weight A),
materials, technique and category names (B) and the description (C). Name, tags and categories are indexed in
both the 'indonesian' (stemmed: "anyaman" and "menganyam" both become "anyam") and the 'simple' configuration;
the Indonesian description only in 'indonesian' (the longest text, and the cost of a bulk refresh), the English
one in 'simple'; and the English texts (name, description, the English names of the vocabulary terms of the
product's materials and techniques, category names) in 'english', so English words are stemmed too. A query matches
any. When full
text finds nothing, each word of the query that is not a word of the catalogue is replaced by the nearest one
(pg_trgm similarity over ``SearchTerm``, the vocabulary of the names, materials and techniques: "motf parang"
becomes "motif parang") and the corrected words are searched; when that finds nothing either, a pg_trgm
word-similarity match on the name and materials is the last resort. SQLite: a plain case-insensitive
``icontains`` on the same fields.

Vectors are refreshed by the services on every save that changes searchable text, and in batches by
``refresh_search_vectors()`` (management command ``refresh_search_vectors``) for bulk loads, which leave the
vector NULL: NULL is the dirty flag.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, FloatField, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

# The English names of a product's materials and techniques (catalog.VocabularyTerm): "rotan" is found by "rattan".
_VOCABULARY_EN = """coalesce((SELECT string_agg(v.name_en, ' ') FROM catalog_vocabularyterm AS v WHERE
    (v.kind = 'material' AND lower(v.name_id) = ANY(
        ARRAY(SELECT btrim(t) FROM unnest(string_to_array(lower(p.materials), ',')) AS t)))
 OR (v.kind = 'technique' AND lower(v.name_id) = ANY(
        ARRAY(SELECT btrim(t) FROM unnest(string_to_array(lower(p.technique), ',')) AS t)))), '')"""

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
 || setweight(to_tsvector('english', p.name_en), 'A')
 || setweight(to_tsvector('english', VOCABULARY_EN || ' ' || c.name_en || ' ' || coalesce(pc.name_en, '')), 'B')
 || setweight(to_tsvector('english', p.description_en), 'C')
FROM catalog_category AS c LEFT JOIN catalog_category AS pc ON pc.id = c.parent_id
WHERE c.id = p.category_id AND {where}
""".replace("VOCABULARY_EN", _VOCABULARY_EN)


_TERMS_SELECT = """
SELECT w, count(*) FROM catalog_product AS p,
    unnest(tsvector_to_array(to_tsvector('simple', p.name || ' ' || p.name_en || ' '
        || replace(p.materials, ',', ' ') || ' ' || replace(p.technique, ',', ' ') || ' ' || VOCABULARY_EN))) AS w
WHERE length(w) BETWEEN 3 AND 64 AND w ~ '^[[:alpha:]]+$' AND {where}
GROUP BY w
""".replace("VOCABULARY_EN", _VOCABULARY_EN)

# For each word of the query (in order): the nearest word of the vocabulary, or NULL when none is similar enough
# (pg_trgm.similarity_threshold, 0.3). A word of the vocabulary is its own nearest (distance 0).
_CORRECT_SQL = """
SELECT q.word, (
    SELECT t.word FROM catalog_searchterm AS t WHERE t.word %% q.word
    ORDER BY t.word <-> q.word, t.documents DESC, t.word LIMIT 1
) FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, n) ORDER BY q.n
"""
_WORD = re.compile(r"\w+")


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


def refresh_search_vectors(
    *, product_ids: Iterable[int] | None = None, batch_size: int = 5000, workers: int = 1, terms: bool = True
) -> int:
    """Rebuild the stored vectors: of ``product_ids``, or else of every product whose vector is NULL (bulk
    loads), in batches; the vocabulary follows (``refresh_search_terms``) unless ``terms`` is false. ``workers``
    > 1 splits a bulk refresh over that many connections (committed rows only: for loads outside a transaction).
    Returns the number of rows updated; does nothing on SQLite."""
    if not is_postgres():
        return 0
    if product_ids is not None:
        ids = list(product_ids)
        updated = 0
        with connection.cursor() as cursor:
            for start in range(0, len(ids), batch_size):
                cursor.execute(_VECTOR_SQL.format(where="p.id = ANY(%s)"), [ids[start : start + batch_size]])
                updated += cursor.rowcount
        refresh_search_terms(product_ids=ids)
        return updated
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM catalog_product WHERE search_vector IS NULL")
        low, high = cursor.fetchone()
    updated = 0
    if low is not None:
        if workers > 1:
            span = -(-(high - low + 1) // workers)
            parts = [(start, min(start + span, high + 1)) for start in range(low, high + 1, span)]
            with ThreadPoolExecutor(max_workers=workers) as pool:
                updated = sum(pool.map(lambda part: _refresh_range(*part, batch_size, own_connection=True), parts))
        else:
            updated = _refresh_range(low, high + 1, batch_size)
    if terms:
        refresh_search_terms()
    return updated


def _refresh_range(low: int, stop: int, batch_size: int, *, own_connection: bool = False) -> int:
    """The NULL vectors of ids in [low, stop), walked in ranges of ``batch_size``: picking "the next NULL batch"
    instead rescans every row done before it (quadratic at a million rows)."""
    updated = 0
    try:
        with connection.cursor() as cursor:
            for start in range(low, stop, batch_size):
                cursor.execute(
                    _VECTOR_SQL.format(where="p.id >= %s AND p.id < %s AND p.search_vector IS NULL"),
                    [start, min(start + batch_size, stop)],
                )
                updated += max(cursor.rowcount, 0)
    finally:
        if own_connection:  # a worker thread's connection: closed with the thread's work
            connection.close()
    return updated


def refresh_search_terms(*, product_ids: Iterable[int] | None = None) -> None:
    """The vocabulary of spelling correction: with ``product_ids``, add the words of those products (an edit);
    without, rebuild it from every product (bulk loads, ``manage.py refresh_search_vectors``, which also drops the
    words no product uses any more). Does nothing on SQLite."""
    if not is_postgres():
        return
    with transaction.atomic(), connection.cursor() as cursor:
        if product_ids is not None:
            cursor.execute(
                "INSERT INTO catalog_searchterm (word, documents) "
                + _TERMS_SELECT.format(where="p.id = ANY(%s)")
                + " ON CONFLICT (word) DO NOTHING",
                [list(product_ids)],
            )
            return
        cursor.execute("DELETE FROM catalog_searchterm")
        cursor.execute("INSERT INTO catalog_searchterm (word, documents) " + _TERMS_SELECT.format(where="TRUE"))


def corrected_query(q: str) -> str:
    """``q`` with each word that is not in the vocabulary replaced by its nearest word there ("motf parang" →
    "motif parang"); words with no near neighbour, and the query's operators, stay as they are. PostgreSQL."""
    words = _words(q)
    if not words:
        return q
    with connection.cursor() as cursor:
        cursor.execute(_CORRECT_SQL, [words])
        nearest = {word: found for word, found in cursor.fetchall() if found}
    return _WORD.sub(lambda m: nearest.get(m.group(0).lower(), m.group(0)), q)


def _words(q: str) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in _WORD.findall(q) if len(word) >= 3 and word.isalpha()))


def _looks_broad(q: str) -> bool:
    """Whether every word of ``q`` is a catalogue word used by more than RESULT_LIMIT products (the vocabulary's
    counts, one small query): then the query very likely has more matches than a search lists. Only an order of
    work hangs on it (walk first or count first); the results are the same either way."""
    words = _words(q)
    if not words:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(documents) FROM catalog_searchterm WHERE word = ANY(%s)", [words])
        known, fewest = cursor.fetchone()
    return known == len(words) and (fewest or 0) > RESULT_LIMIT


def _text_query(q: str) -> SearchQuery:
    # Either language's words work from either language's pages: Indonesian stems, English stems ("bags" finds
    # "bag", "carved" finds "carving"), and the unstemmed words.
    return (
        SearchQuery(q, config="indonesian", search_type="websearch")
        | SearchQuery(q, config="english", search_type="websearch")
        | SearchQuery(q, config="simple", search_type="websearch")
    )


def substring_search(queryset: QuerySet, q: str) -> QuerySet:
    """The search without PostgreSQL (SQLite for `make run`): a case-insensitive substring match, unranked."""
    words = Q()
    for field in ("name", "name_en", "description", "materials", "technique", "category__name_id"):
        words |= Q(**{f"{field}__icontains": q})
    return queryset.filter(words).annotate(rank=Value(0.0, output_field=FloatField()))


# A search lists at most this many matches (its count says "more than 500" past it). A broad word matches tens
# of thousands of products, and ranking every match means reading every matching row. So: up to this many matches
# are ranked exactly. Past it, the candidates are the first RESULT_LIMIT + 1 matches in popularity order and the
# first RESULT_LIMIT + 1 in publication order, each found by walking the public rows in that order (an index walk)
# for at most WALK_WINDOW rows, and they are ranked among themselves; when the walks find too few (matches spread
# thin over the catalogue), every match is ranked exactly after all. The plans are in docs/performance.md.
RESULT_LIMIT = 500
WALK_WINDOW = 10 * (RESULT_LIMIT + 1)
CANDIDATE_ORDERS = (("-popularity", "-pk"), ("-published_at", "-pk"))


def search(queryset: QuerySet, q: str, *, ranked: bool = True) -> QuerySet:
    """Filter ``queryset`` by the words in ``q`` and annotate ``rank`` (higher is better). ``ranked=False`` (the
    list is sorted by something else) keeps every match; otherwise a broad query is narrowed to the candidates
    described at RESULT_LIMIT. With no match, the spelling-corrected query, then the trigram match."""
    return search_corrected(queryset, q, ranked=ranked)[0]


def search_corrected(queryset: QuerySet, q: str, *, ranked: bool = True) -> tuple[QuerySet, str]:
    """``search``, and the words it searched for: ``q``, or its spelling correction when only that matched."""
    found = search_counted(queryset, q, ranked=ranked)
    return found.products, found.searched_for


@dataclass(frozen=True)
class Found:
    products: QuerySet
    searched_for: str
    # How many products the list holds, up to RESULT_LIMIT + 1, when the search counted them on the way (the
    # full-text matches); None when it did not (no words, SQLite, the trigram fallback).
    count: int | None = None


def search_counted(queryset: QuerySet, q: str, *, ranked: bool = True) -> Found:
    """``search_corrected`` with the capped count of the list when the search has counted it anyway: a page
    can then skip counting again."""
    q = q.strip()
    if not q:
        return Found(queryset.annotate(rank=Value(0.0, output_field=FloatField())), q)
    if not is_postgres():
        return Found(substring_search(queryset, q), q)
    found = _full_text(queryset, q, ranked=ranked)
    if found is not None:
        return Found(found[0], q, found[1])
    corrected = corrected_query(q)
    if corrected != q:
        found = _full_text(queryset, corrected, ranked=ranked)
        if found is not None:
            return Found(found[0], corrected, found[1])
    # Nothing matched as words, corrected or not: near spellings of the name and the materials (pg_trgm).
    near = queryset.filter(Q(name__trigram_word_similar=q) | Q(materials__trigram_word_similar=q))
    return Found(near.annotate(rank=TrigramWordSimilarity(q, "name")), q)


def _full_text(queryset: QuerySet, q: str, *, ranked: bool) -> tuple[QuerySet, int] | None:
    """The full-text matches of ``q`` with their ``rank`` (bounded as RESULT_LIMIT says when ``ranked``) and how
    many the list holds (up to RESULT_LIMIT + 1: every match, or the candidates, which are more than RESULT_LIMIT
    whenever they replace the matches), or None when nothing matches.

    Ranked, and when every word of the query names more than RESULT_LIMIT products in the vocabulary
    (``_looks_broad``), the popularity walk comes first: when it finds more than RESULT_LIMIT matches in its
    window, the candidates are all that is needed. Counting the matches would build a GIN bitmap of every one
    of them before the count's LIMIT could stop anything (125 000 matches for "motif parang" at a million
    products: 40 to 60 ms). Only a query the walk finds fewer matches for is counted, and its bitmap is small."""
    query = _text_query(q)
    matching = queryset.filter(search_vector=query)
    full_text = matching.annotate(rank=SearchRank(F("search_vector"), query))
    popular = _walk(queryset, query, CANDIDATE_ORDERS[0]) if ranked and _looks_broad(q) else []
    if len(popular) <= RESULT_LIMIT:
        matches = matching.order_by().values("pk")[: RESULT_LIMIT + 1].count()
        if not matches:
            return None
        if matches <= RESULT_LIMIT or not ranked:
            return full_text, matches
    candidates = set(popular)
    for order in CANDIDATE_ORDERS[1:]:
        candidates.update(_walk(queryset, query, order))
    if len(candidates) <= RESULT_LIMIT:
        return full_text, RESULT_LIMIT + 1  # more than RESULT_LIMIT matches (counted above), spread thin
    # The candidates are matches already: without the @@ condition the planner looks them up by primary key
    # instead of re-reading every match through the GIN index.
    ranked_candidates = queryset.filter(_pk_any(sorted(candidates))).annotate(
        rank=SearchRank(F("search_vector"), query)
    )
    return ranked_candidates, RESULT_LIMIT + 1


def _walk(queryset: QuerySet, query: SearchQuery, order: tuple[str, ...]) -> list[int]:
    """Up to RESULT_LIMIT + 1 matches of ``query`` among the first WALK_WINDOW rows of ``queryset`` in ``order``.

    The window is a subquery ordered and limited before ``@@`` is tested, so PostgreSQL walks the order's index
    and stops at the outer LIMIT: it cannot swap the walk for a GIN bitmap over every match (which the planner
    picks whenever it underestimates a query's matches, as it does for two words that often go together)."""
    tested = ExpressionWrapper(Q(search_vector=query), output_field=BooleanField())
    window = queryset.order_by(*order).annotate(matches=tested).values_list("pk", "matches")[:WALK_WINDOW]
    sql, params = window.query.sql_with_params()
    with connection.cursor() as cursor:
        # ``sql`` is Django's compiled query with its values in ``params``, never user text.
        walk = f"SELECT w.pk FROM ({sql}) AS w (pk, matches) WHERE w.matches LIMIT %s"  # noqa: S608
        cursor.execute(walk, [*params, RESULT_LIMIT + 1])
        return [pk for (pk,) in cursor.fetchall()]


class _Any(Func):
    """``<expression> = ANY(<array>)``."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def _pk_any(ids: list[int]) -> _Any:
    """The condition "pk is one of ``ids``" with the ids as one array parameter: ``pk__in`` binds, and Django
    prepares, one parameter per id, which for a thousand candidates cost more than the queries themselves."""
    return _Any(F("pk"), RawSQL("%s::bigint[]", (ids,)))  # psycopg2 adapts the list in C
