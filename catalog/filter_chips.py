"""The active filters of a category or search page as removable chips: each a link to the same page without that
one filter (and back to page 1). Built from the filter form's cleaned values, so a value the form refused never
shows as if it were applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from catalog.forms import ProductFilterForm
from catalog.selectors import CategoryNode
from craftmarket.common.money import format_idr
from craftmarket.common.regions import PROVINCES

# The order the chips appear in; `sort` and `page` are not filters.
CHIP_FIELDS = (
    "q",
    "category",
    "material",
    "province",
    "price_min",
    "price_max",
    "in_stock",
    "made_to_order",
    "min_rating",
    "artisan",
    "wholesale",
    "business_prices",
    "samples",
    "moq_max",
    "ships_within",
)


@dataclass(frozen=True)
class FilterChip:
    field: str
    label: str
    url: str


def _category_name(slug: str, tree: list[CategoryNode]) -> str:
    for family in tree:
        if family.slug == slug:
            return family.name
        for child in family.children:
            if child.slug == slug:
                return child.name
    return slug


def _label(form: ProductFilterForm, name: str, value: Any, tree: list[CategoryNode]) -> str:
    field_label = str(form.fields[name].label)
    if isinstance(value, bool):
        return field_label
    if name in ("price_min", "price_max"):
        if name == "price_min":
            return _("From %(price)s") % {"price": format_idr(value)}
        return _("Up to %(price)s") % {"price": format_idr(value)}
    if name == "province":
        shown = PROVINCES.get(value, ("", ""))[0] or value
    elif name == "category":
        shown = _category_name(value, tree)
    elif name == "min_rating":
        return str(dict(form.fields[name].choices).get(str(value), value))
    else:
        shown = str(value)
    return f"{field_label}: {shown}"


def _without(params: QueryDict, name: str) -> str:
    """The query string without ``name``, the page number and the empty fields a submitted form leaves."""
    rest = QueryDict(mutable=True)
    for key, values in params.lists():
        kept = [v for v in values if v]
        if key not in (name, "page") and kept:
            rest.setlist(key, kept)
    return rest.urlencode()


def active_filter_chips(
    *, form: ProductFilterForm, path: str, params: QueryDict, tree: list[CategoryNode]
) -> list[FilterChip]:
    """One chip per filter the form accepted with a value; ``params`` is the page's query string."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    chips: list[FilterChip] = []
    for name in CHIP_FIELDS:
        value = cleaned.get(name)
        if value in (None, "", False) or (isinstance(value, str) and not value.strip()):
            continue
        query = _without(params, name)
        url = f"{path}?{query}" if query else path
        chips.append(FilterChip(field=name, label=_label(form, name, value, tree), url=url))
    return chips
