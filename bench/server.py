"""Server side, in-process through the whole Django stack (middleware, sessions, templates, DRF).

Each entry: p50, p95 and max in ms over the measured requests, SQL queries per request, and for list pages the
queries at page sizes 10 and 50 (they must be equal: no query per row). Timed requests run without capturing
queries; queries are counted on separate requests after the timed ones.
"""

from __future__ import annotations

import re
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench import phase, scenarios
from bench.report import CHECKOUT_P95_MS, READ_P95_MS
from bench.scenarios import Unavailable

WARMUP = 3
QUERY_SAMPLES = 3
PARAMS = ("page_size", "per_page")
PROJECT_PACKAGES = {"catalog", "orders", "artisans", "craftmarket"}
# Issue 21: the product page (uncached, fragments on) at 100 000 products; uncached category pages (p50 at 100 000,
# p95 at a million); uncached searches (p95 at 100 000, and at a million).
PRODUCT_P50_MS, PRODUCT_P95_MS = 8, 15
UNCACHED_LIST_P50_MS, UNCACHED_LIST_P95_LARGE_MS = 12, 50
SEARCH_P95_MS, SEARCH_P95_LARGE_MS = 50, 100
LARGE_CATALOGUE = 500_000
FRAGMENTS_OFF = "product page bodies, cards and filters rendered anew (CATALOG_FRAGMENT_CACHE off)"
UNCACHED = "every request misses the list caches (counts and rendered list parts retired before it, untimed)"


def with_query(url: str, **params: Any) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


def count_items(response, product_prefix: str | None) -> int | None:
    """Products on a page: results of an API page, distinct product links of an HTML page."""
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        results = data.get("results") if isinstance(data, dict) else data
        return len(results) if isinstance(results, list) else None
    if not product_prefix:
        return None
    html = response.content.decode("utf-8", "replace")
    return len(set(re.findall(r'href="(' + re.escape(product_prefix) + r'[^"#?]+)', html)))


class Entry:
    def __init__(
        self,
        name: str,
        url: str | None,
        *,
        budget: int | None = READ_P95_MS,
        budget_p50: int | None = None,
        method: str = "GET",
        list_page: bool = False,
        note: str | None = None,
    ):
        self.name, self.url, self.budget, self.method, self.list_page = name, url, budget, method, list_page
        self.data: dict[str, Any] = {"name": name, "method": method, "url": url, "budget_p95_ms": budget}
        if budget_p50 is not None:
            self.data["budget_p50_ms"] = budget_p50
        if note:
            self.data["note"] = note

    def na(self, reason: str) -> dict[str, Any]:
        return {**self.data, "status": "n/a", "reason": reason}


def measure(entry: Entry, request: Callable[[], Any], iterations: int, ok=(200,), prepare=None) -> dict[str, Any]:
    """Time ``request`` (after ``prepare`` if given, untimed) and count its queries; "n/a" if it does not answer."""
    try:
        if prepare:
            prepare()
        first = request()
        if first.status_code not in ok:
            return entry.na(scenarios.failure(entry.method, entry.url, first))
        for _ in range(WARMUP):
            if prepare:
                prepare()
            request()
        timings: list[float] = []
        for _ in range(iterations):
            if prepare:
                prepare()
            started = time.perf_counter()
            response = request()
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code not in ok:
                return entry.na("during the run: " + scenarios.failure(entry.method, entry.url, response))
        queries: list[int] = []
        for _ in range(QUERY_SAMPLES):
            if prepare:
                prepare()
            with CaptureQueriesContext(connection) as ctx:
                request()
            queries.append(len(ctx.captured_queries))
        slowest = explain_slowest(ctx.captured_queries)
    except Unavailable as exc:
        return entry.na(str(exc))
    except Exception as exc:  # a crash in a view is a finding, not the end of the benchmark
        return entry.na(f"{exc.__class__.__name__}: {exc} at {traceback.format_exc(limit=-1).strip()[-200:]}")
    result = {**entry.data, "status": "ok", **phase.summary(timings), "queries": max(queries)}
    result["queries_min"] = min(queries)
    # Time in the database for one request (the last counted one): the rest of the time is Python and templates.
    result["sql_ms"] = round(sum(float(q.get("time") or 0) for q in ctx.captured_queries) * 1000, 1)
    if slowest:
        result["slowest_query"] = slowest
    return result


def explain_slowest(captured: list[dict[str, str]]) -> dict[str, Any] | None:
    """EXPLAIN ANALYZE of the slowest SELECT of a request: the plan the second round tunes (docs/performance.md)."""
    selects = [q for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    if not selects or connection.vendor != "postgresql":
        return None
    query = max(selects, key=lambda q: float(q.get("time") or 0))
    try:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
    except Exception as exc:  # a plan is a bonus; its failure must not cost the measurement
        plan = f"EXPLAIN failed: {exc.__class__.__name__}: {exc}"
    return {"ms": round(float(query.get("time") or 0) * 1000, 1), "sql": query["sql"], "plan": plan}


@contextmanager
def page_size_constant(size: int):
    """Set every loaded project module's ``PAGE_SIZE`` to ``size`` (for pages whose page size is not a parameter)."""
    patched = []
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in PROJECT_PACKAGES and isinstance(getattr(module, "PAGE_SIZE", None), int):
            patched.append((module, module.PAGE_SIZE))
            module.PAGE_SIZE = size
    try:
        yield bool(patched)
    finally:
        for module, value in patched:
            module.PAGE_SIZE = value


def retire_list_caches() -> None:
    """Make the next list request miss the project's list caches (counts, rendered list parts) without touching
    anything else: the catalogue's own retire hook when it has one (``catalog.selectors.catalog_changed``)."""
    try:
        from catalog.selectors import catalog_changed
    except ImportError:
        return
    catalog_changed()  # autocommit here: runs at once


def _queries_and_items(client: Client, url: str, product_prefix: str | None) -> tuple[int, int | None]:
    client.get(url)  # warm what a visitor never pays for (the category tree, the session) …
    retire_list_caches()  # … but count the list's own queries as a cache miss pays them: that is what grows per row
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return len(ctx.captured_queries), count_items(response, product_prefix)


def page_size_queries(client: Client, url: str, product_prefix: str | None) -> dict[str, Any]:
    """Queries at page size 10 and 50 (``?page_size``, ``?per_page``, else the modules' ``PAGE_SIZE`` patched).

    ``honoured`` says whether the page really changed size; only then is ``equal`` meaningful.
    """
    out: dict[str, Any] = {}
    attempts = [(p, lambda size, p=p: nullcontext(), lambda size, p=p: with_query(url, **{p: size})) for p in PARAMS]
    attempts.append(("PAGE_SIZE", page_size_constant, lambda size: url))
    for how, context, make_url in attempts:
        counts, items = {}, {}
        for size in (10, 50):
            with context(size):
                counts[size], items[size] = _queries_and_items(client, make_url(size), product_prefix)
        honoured = items[10] is not None and items[50] is not None and items[10] <= 10 < items[50]
        out = {"how": how, "10": counts[10], "50": counts[50], "items": {"10": items[10], "50": items[50]}}
        if honoured:
            return {**out, "honoured": True, "equal": counts[10] == counts[50]}
    return {
        **out,
        "honoured": False,
        "equal": None,
        "reason": "could not change the page size (?page_size, ?per_page, PAGE_SIZE) to compare queries per row",
    }


def main() -> None:
    args = phase.setup(__doc__ or "")
    n = args.iterations
    client = Client()
    info = scenarios.catalogue()
    entries: list[dict[str, Any]] = []
    targets: dict[str, list[str]] = {}
    product_path = scenarios.product_url(info)
    product_prefix = product_path.rsplit(info["product"]["slug"], 1)[0] if product_path else None

    def get(
        entry: Entry, *, list_page: bool = False, uncached: bool = False, via: Client | None = None
    ) -> dict[str, Any]:
        if entry.url is None:
            return entry.na("not available yet")
        visitor = via or client
        prepare = retire_list_caches if uncached else None
        result = measure(entry, lambda: visitor.get(entry.url), n, prepare=prepare)
        if list_page and result["status"] == "ok":
            result["page_size_queries"] = page_size_queries(visitor, entry.url, product_prefix)
        entries.append(result)
        return result

    # Issue 21's budgets for pages no page cache holds: they tighten with a large catalogue's own rules.
    large = (info.get("products_public") or 0) >= LARGE_CATALOGUE
    uncached_list = {"budget": UNCACHED_LIST_P95_LARGE_MS} if large else {"budget_p50": UNCACHED_LIST_P50_MS}
    search_p95 = SEARCH_P95_LARGE_MS if large else SEARCH_P95_MS

    home = scenarios.reverse_first(["home"]) or "/"
    if get(Entry("home", home))["status"] == "ok":
        targets["home"] = [home]

    cat = info.get("category")
    if cat:
        cat_url = scenarios.category_url(cat["slug"])
        get(Entry("category page 1", cat_url), list_page=True)
        last = max(1, -(-cat["products"] // 24))
        deep = min(200, last)
        note = None if deep == 200 else f"the fullest family has {last} pages of 24; page {deep} measured"
        first = entries[-1]
        get(Entry("category page 200", with_query(cat_url, page=deep), note=note))
        get(Entry("category page 1, uncached", cat_url, note=UNCACHED, **uncached_list), uncached=True)
        get(
            Entry("category page 200, uncached", with_query(cat_url, page=deep), note=UNCACHED, **uncached_list),
            uncached=True,
        )
        if first["status"] == "ok":
            targets["product list"] = [with_query(cat_url, page=p) for p in range(1, min(deep, 5) + 1)]
    else:
        entries.append(Entry("category page 1", None).na("no category with public products"))
        entries.append(Entry("category page 200", None).na("no category with public products"))
        entries.append(Entry("category page 1, uncached", None).na("no category with public products"))
        entries.append(Entry("category page 200, uncached", None).na("no category with public products"))

    words = info.get("search") or {}
    base = scenarios.search_url()
    for key, label in (("one_word", "one word"), ("two_words", "two words"), ("misspelling", "misspelling")):
        if key in words:
            get(Entry(f"search, {label}", with_query(base, q=words[key])), list_page=key == "one_word")
            get(
                Entry(f"search, {label}, uncached", with_query(base, q=words[key]), note=UNCACHED, budget=search_p95),
                uncached=True,
            )
        else:
            entries.append(Entry(f"search, {label}", None).na("no product names to search for"))
            entries.append(Entry(f"search, {label}, uncached", None).na("no product names to search for"))

    if product_path:
        page = get(Entry("product page", product_path, budget=PRODUCT_P95_MS, budget_p50=PRODUCT_P50_MS))
        Product = scenarios.apps.get_model("catalog", "Product")
        slugs = scenarios.public_products().order_by("pk").values_list("slug", flat=True)[:50]
        paths = [product_path]
        for slug in slugs:
            p = Product(slug=slug)
            try:
                paths.append(p.get_absolute_url())
            except Exception:
                paths.append(product_path.replace(info["product"]["slug"], slug))
        if page["status"] == "ok":
            targets["product page"] = paths
    else:
        entries.append(Entry("product page", None).na("no public product"))

    # The same pages with every fragment rendered anew (catalog.fragments off): what a cold cache costs.
    with override_settings(CATALOG_FRAGMENT_CACHE=False):
        if product_path:
            get(Entry("product page, fragment cache off", product_path, note=FRAGMENTS_OFF))
        if cat:
            get(
                Entry("category page 1, uncached, fragment cache off", cat_url, note=f"{UNCACHED}; {FRAGMENTS_OFF}"),
                uncached=True,
            )

    entries.append(studio_dashboard(n))
    # A buyer abroad: English pages with EUR chosen (seed_demo loads today's rates), the same budgets as above;
    # converting adds no query per product (the rates are one cached dict).
    abroad = Client()
    abroad.cookies["django_language"] = "en"
    abroad.cookies["cm_currency"] = "EUR"
    if cat:
        get(Entry("category page 1, EUR", scenarios.category_url(cat["slug"])), list_page=True, via=abroad)
        get(
            Entry("category page 1, EUR, uncached", scenarios.category_url(cat["slug"]), note=UNCACHED),
            uncached=True,
            via=abroad,
        )
    if product_path:
        get(Entry("product page, EUR", product_path), via=abroad)
    get(Entry("API products, EUR", with_query(scenarios.api_products_url(), currency="EUR")), list_page=True)

    list_url = scenarios.product_list_url()
    if list_url and client.get(list_url).status_code == 200:
        targets["product list"] = [list_url, with_query(list_url, page=2)]

    api = scenarios.api_products_url()
    get(Entry("API products", api), list_page=True)
    filters: dict[str, Any] = {"in_stock": "true", "price_min": 50_000, "price_max": 5_000_000, "sort": "price_desc"}
    if cat:
        filters["category"] = cat["slug"]
    get(Entry("API products, filtered", with_query(api, **filters)), list_page=True)
    # Reviews: "4 stars and up" sorted by rating reads the stored average (index product_pub_rating).
    get(Entry("API products, 4 stars and up by rating", with_query(api, min_rating=4, sort="rating")), list_page=True)

    entries.append(add_to_cart(n))
    entries.append(checkout(max(5, n // 3) if args.quick else max(10, n // 3), args.cart_lines))

    # Wholesale (README "Wholesale"): the list and search budgets with the new filters, a page of cards that all
    # show "from … at N pcs" (no query per product: the page-size check), and a 10-line checkout priced by tiers.
    q = scenarios.WHOLESALE_QUANTITY
    filters_w = {"wholesale": "on", "samples": "on", "moq_max": 500, "ships_within": 30}
    by_unit = {"wholesale": "on", "sort": "unit_price_at", "quantity": q}
    names = [
        "category page 1, wholesale filters",
        f"category page 1, by unit price at {q} pcs",
        "category page 1, every card with tiers",
        "search, one word, wholesale filters",
        f"search, one word, by unit price at {q} pcs",
    ]
    if cat:
        seeded = scenarios.seed_tiers(scenarios.category_products(cat["slug"], 60))
        if "one_word" in words:
            matches = scenarios.public_products().filter(name__icontains=words["one_word"]).order_by("pk")
            seeded += scenarios.seed_tiers(list(matches.select_related("artisan__user")[:30]))
        note = f"{seeded} products given tiers and a sample offer by the bench" if seeded else None
        cat_url = scenarios.category_url(cat["slug"])
        get(Entry(names[0], with_query(cat_url, **filters_w), note=note), list_page=True)
        get(Entry(names[1], with_query(cat_url, **by_unit), note=note), list_page=True)
        cards = get(Entry(names[2], with_query(cat_url, wholesale="on"), note=note), list_page=True)
        if cards["status"] == "ok":  # what the entry claims: every card of the page shows its "from … at N pcs"
            page = client.get(cards["url"])
            html = page.content.decode("utf-8", "replace")
            cards["cards_with_tiers"] = {
                "cards": count_items(page, product_prefix),
                "with_tiers": html.count('class="product-card-tier"'),
            }
    else:
        entries.extend(Entry(name, None).na("no category with public products") for name in names[:3])
    if "one_word" in words:
        get(Entry(names[3], with_query(base, q=words["one_word"], **filters_w)), list_page=True)
        get(Entry(names[4], with_query(base, q=words["one_word"], **by_unit)), list_page=True)
    else:
        entries.extend(Entry(name, None).na("no product names to search for") for name in names[3:])
    entries.append(wholesale_checkout(max(5, n // 3) if args.quick else max(10, n // 3)))

    phase.write(args.out, {"status": "ok", "entries": entries, "http_targets": targets, "catalogue": info})


def studio_dashboard(n: int) -> dict[str, Any]:
    """The studio dashboard of the artisan with the most orders, after a performance run (untimed) wrote their
    snapshot: the products, orders and performance cards together."""
    entry = Entry("studio dashboard", "/studio/", note="the artisan with the most orders, after a performance run")
    Artisan = scenarios.apps.get_model("artisans", "Artisan")
    artisan = Artisan.objects.annotate(n=Count("orders")).order_by("-n", "pk").select_related("user").first()
    if artisan is None:
        return entry.na("no artisan")
    # Imported here: the phase sets Django up before it runs, not before this module loads.
    from orders.performance.services import performance_snapshots_compute

    performance_snapshots_compute()
    client = Client()
    client.force_login(artisan.user)
    return measure(entry, lambda: client.get("/studio/"), n)


def add_to_cart(n: int) -> dict[str, Any]:
    entry = Entry("add to cart (API)", scenarios.CART_ITEMS_PATH, method="POST")
    try:
        variants = scenarios.cart_lines(lines=6, artisans=3)
        client = scenarios.logged_in_client(scenarios.make_buyer("cart"))
    except Unavailable as exc:
        return entry.na(str(exc))
    state = {"i": 0}

    def request():
        state["i"] += 1
        return scenarios.Cart.add(client, variants[state["i"] % len(variants)])

    return measure(entry, request, n, ok=(200, 201))


def checkout(n: int, lines: int = 10) -> dict[str, Any]:
    entry = Entry(
        f"checkout, {lines} lines over 3 artisans",
        scenarios.CHECKOUT_PATH,
        method="POST",
        budget=CHECKOUT_P95_MS,
        note=f"each iteration: a new buyer with a {lines}-line cart (untimed), then the timed checkout",
    )
    try:
        variants = scenarios.cart_lines(lines=lines, artisans=3)
    except Unavailable as exc:
        return entry.na(str(exc))
    state: dict[str, Any] = {}

    def prepare():
        state["buyer"] = scenarios.Buyer(variants, "checkout", state.get("shipping"))
        state["shipping"] = state["buyer"].payload["shipping"]

    def request():
        return state["buyer"].checkout()

    return measure(entry, request, n, ok=(200, 201), prepare=prepare)


def wholesale_checkout(n: int, lines: int = 10) -> dict[str, Any]:
    """``checkout`` with every line at a tier's quantity (each variant has tiers; seeded when missing)."""
    quantity = scenarios.WHOLESALE_QUANTITY
    entry = Entry(
        f"wholesale checkout, {lines} lines over 3 artisans",
        scenarios.CHECKOUT_PATH,
        method="POST",
        budget=CHECKOUT_P95_MS,
        note=f"each iteration: a new buyer with {lines} tiered lines of {quantity} pcs (untimed), then the checkout",
    )
    try:
        variants = scenarios.wholesale_cart_lines(lines=lines, artisans=3)
    except Unavailable as exc:
        return entry.na(str(exc))
    state: dict[str, Any] = {}

    def prepare():
        state["buyer"] = scenarios.Buyer(variants, "wholesale", state.get("shipping"), quantity=quantity)
        state["shipping"] = state["buyer"].payload["shipping"]

    def request():
        return state["buyer"].checkout()

    return measure(entry, request, n, ok=(200, 201), prepare=prepare)


if __name__ == "__main__":
    main()
