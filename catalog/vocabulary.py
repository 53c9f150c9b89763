"""Materials and techniques in the visitor's language: artisans type free tags (``rotan, pandan``); a tag that is a
``VocabularyTerm`` shows its English name on English pages, any other tag shows as typed (marked Indonesian).

The terms are one cached dict (no query per product), retired whenever a moderator saves or deletes one.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from craftmarket.common.catalogue_cache import public_catalogue_changed

from . import search
from .models import Product, VocabularyTerm

CACHE_KEY = "catalog:vocabulary:v1"
CACHE_SECONDS = 24 * 3600


def _key(kind: str, word: str) -> str:
    return f"{kind}:{' '.join(word.split()).casefold()}"


def english_names() -> dict[str, str]:
    names = cache.get(CACHE_KEY)
    if names is None:
        names = {
            _key(kind, nid): en for kind, nid, en in VocabularyTerm.objects.values_list("kind", "name_id", "name_en")
        }
        cache.set(CACHE_KEY, names, CACHE_SECONDS)
    return names


def vocabulary_retire() -> None:
    """Forget the cached names, and the pages and cards rendered with them (the catalogue's generation)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    public_catalogue_changed(also_now=True)


def vocabulary_term_changed(*, name_id: str) -> None:
    """A term was added, changed or removed: forget the cached names and rebuild the search vectors of the
    products tagged with it (their English part holds the term's English name)."""
    vocabulary_retire()
    if not search.is_postgres():
        return
    tagged = Product.objects.filter(Q(materials__icontains=name_id) | Q(technique__icontains=name_id))
    search.refresh_search_vectors(product_ids=list(tagged.values_list("pk", flat=True)))


def term_display(kind: str, word: str, *, language: str | None = None) -> tuple[str, bool]:
    """``(text, is_indonesian)``: the English name on English pages when the term is known, else the tag as typed
    (``is_indonesian`` is then true on English pages, so the page marks it ``lang="id"``)."""
    word = word.strip()
    language = (language or translation.get_language() or "id").split("-")[0]
    if language != "en":
        return word, False
    english = english_names().get(_key(kind, word))
    return (english, False) if english else (word, True)
