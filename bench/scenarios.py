"""What the Django-side phases share: finding URLs and data, making buyers, filling carts, checking out.

Every helper returns ``(value, reason)`` or raises :class:`Unavailable` with a reason a person can act on, so the
phases report "n/a" with that reason instead of crashing on what is not built yet.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Count
from django.test import Client
from django.urls import NoReverseMatch, reverse

CART_ITEMS_PATH = "/api/v1/cart/items/"
CHECKOUT_PATH = "/api/v1/checkout/"
CHECKOUT_STOCK = 1_000_000


class Unavailable(Exception):
    """The thing to measure does not exist (yet); the message says why."""


def reverse_first(names: list[str], kwargs: dict[str, Any] | None = None) -> str | None:
    for name in names:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def model(app_label: str, name: str) -> type[models.Model] | None:
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def public_products() -> models.QuerySet:
    Product = apps.get_model("catalog", "Product")
    manager = Product.objects
    return manager.public() if hasattr(manager, "public") else manager.all()


def body_of(response) -> str:
    """What a person needs from a failed response: the JSON body, or the title of an HTML page."""
    try:
        text = response.content.decode("utf-8", "replace")
    except Exception:  # a streaming response has no .content
        return ""
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    if title:
        return "page " + re.sub(r"\s+", " ", title.group(1)).strip()[:120]
    return re.sub(r"\s+", " ", text)[:240]


def failure(method: str, url: str, response) -> str:
    if response.status_code == 404:
        return f"not available yet ({method} {url} answered 404)"
    return f"{method} {url} answered {response.status_code}: {body_of(response)}"


# --- The catalogue: what there is to ask for -----------------------------------------------------------------


def catalogue() -> dict[str, Any]:
    """Counts, the fullest category family, a product in the middle, and search words taken from real names."""
    Product = apps.get_model("catalog", "Product")
    Category = apps.get_model("catalog", "Category")
    public = public_products()
    info: dict[str, Any] = {"products_total": Product.objects.count(), "products_public": public.count()}
    cats = list(Category.objects.values("pk", "slug", "parent_id"))
    per_cat = dict(public.values_list("category_id").annotate(n=Count("pk")).values_list("category_id", "n"))
    children: dict[int | None, list[int]] = {}
    for c in cats:
        children.setdefault(c["parent_id"], []).append(c["pk"])

    def subtree(pk: int) -> int:
        return per_cat.get(pk, 0) + sum(subtree(child) for child in children.get(pk, []))

    by_pk = {c["pk"]: c for c in cats}
    tops = [(subtree(pk), pk) for pk in children.get(None, [])]
    if tops:
        n, pk = max(tops)
        info["category"] = {"slug": by_pk[pk]["slug"], "products": n}
    leaves = [(n, pk) for pk, n in per_cat.items() if pk in by_pk and not children.get(pk)]
    if leaves:
        n, pk = max(leaves)
        info["leaf_category"] = {"slug": by_pk[pk]["slug"], "products": n}
    total = info["products_public"]
    if total:
        product = public.order_by("pk")[total // 2]
        info["product"] = {"pk": product.pk, "slug": product.slug}
        names = list(public.order_by("pk").values_list("name", flat=True)[:3000])
        info["search"] = search_words(names)
    return info


def search_words(names: list[str]) -> dict[str, str]:
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for name in names:
        tokens = re.findall(r"[a-z]{4,}", name.lower())
        words.update(tokens)
        pairs.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    if not words:
        return {}
    word = words.most_common(1)[0][0]
    two = pairs.most_common(1)[0][0] if pairs else word
    first, second = two.split(" ", 1) if " " in two else (two, "")
    # One letter dropped from the end of the first word: "anyaman rotan" becomes "anyamn rotan".
    misspelt = (first[:-2] + first[-1] + (" " + second if second else "")).strip()
    return {"one_word": word, "two_words": two, "misspelling": misspelt}


def product_url(info: dict[str, Any]) -> str | None:
    if "product" not in info:
        return None
    Product = apps.get_model("catalog", "Product")
    product = Product.objects.get(pk=info["product"]["pk"])
    if hasattr(product, "get_absolute_url"):
        try:
            return product.get_absolute_url()
        except NoReverseMatch:
            pass
    slug = product.slug
    return reverse_first(
        ["catalog:product", "catalog:product_detail", "catalog:product-detail", "product_detail"], {"slug": slug}
    ) or (f"/p/{slug}/")


def category_url(slug: str) -> str:
    Category = apps.get_model("catalog", "Category")
    category = Category.objects.get(slug=slug)
    if hasattr(category, "get_absolute_url"):
        try:
            return category.get_absolute_url()
        except NoReverseMatch:
            pass
    return reverse_first(
        ["catalog:category", "catalog:category_detail", "catalog:category-detail", "category_detail"], {"slug": slug}
    ) or (f"/c/{slug}/")


def search_url() -> str:
    return reverse_first(["catalog:search", "search"]) or "/search/"


def product_list_url() -> str | None:
    return reverse_first(["catalog:product_list", "catalog:products", "catalog:product-list", "catalog:browse"])


def api_products_url() -> str:
    return reverse_first(["api-products", "product-list", "api-product-list"]) or ("/api/v1/products/")


# --- Buyers, addresses, carts and checkouts ----------------------------------------------------------------


def make_buyer(tag: str) -> Any:
    User = apps.get_model("artisans", "User")
    return User.objects.create_user(email=f"bench-{tag}-{uuid.uuid4().hex[:8]}@bench.test", password=None, name="Bench")


def logged_in_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


_TEXT_GUESSES = [
    ("postal", "10110"),
    ("zip", "10110"),
    ("phone", "+6281234567890"),
    ("country", "ID"),
    ("email", "bench@bench.test"),
    ("province", "JK"),
    ("kelurahan", "Menteng"),
    ("kecamatan", "Menteng"),
    ("regency", "Jakarta Pusat"),
    ("city", "Jakarta Pusat"),
    ("kabupaten", "Jakarta Pusat"),
    ("street", "Jl. MH Thamrin No. 1"),
    ("line", "Jl. MH Thamrin No. 1"),
    ("recipient", "Rina Pembeli"),
    ("name", "Rina Pembeli"),
]


def fill(model_cls: type[models.Model], user: Any, **given: Any) -> models.Model:
    """Create a row of a model whose fields the harness does not know, guessing plausible Indonesian values."""
    values: dict[str, Any] = {}
    for field in model_cls._meta.concrete_fields:
        if field.primary_key or field.name in given or field.has_default() or field.null:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            related = field.related_model
            if related._meta.label_lower == apps.get_model("artisans", "User")._meta.label_lower:
                values[field.name] = user
            elif (row := related._default_manager.first()) is not None:
                values[field.name] = row
            continue
        if field.choices:
            wanted = dict(_TEXT_GUESSES).get(next((k for k, _ in _TEXT_GUESSES if k in field.name), ""), None)
            keys = [c[0] for c in field.flatchoices]
            values[field.name] = wanted if wanted in keys else keys[0]
        elif isinstance(field, models.CharField | models.TextField):
            if field.blank:
                continue
            guess = next((v for k, v in _TEXT_GUESSES if k in field.name), "Bench")
            values[field.name] = guess[: field.max_length] if field.max_length else guess
        elif isinstance(field, models.BooleanField):
            values[field.name] = False
        elif isinstance(field, models.IntegerField | models.BigIntegerField | models.DecimalField):
            values[field.name] = 1
    return model_cls._default_manager.create(**values, **given)


ADDRESSES_PATH = "/api/v1/addresses/"
CART_PATH = "/api/v1/cart/"
ADDRESS = {
    "label": "Rumah",
    "recipient": "Rina Pembeli",
    "phone": "081234567890",
    "country": "ID",
    "street": "Jl. MH Thamrin No. 1",
    "rt_rw": "003/007",
    "kelurahan": "Menteng",
    "kecamatan": "Menteng",
    "city": "Jakarta Pusat",
    "province": "ID-JK",
    "postal_code": "10310",
}


def address_for(client: Client, user: Any) -> str | None:
    """The buyer's address id: through ``POST /api/v1/addresses/``, else a row guessed from the model, else None."""
    response = client.post(ADDRESSES_PATH, ADDRESS, content_type="application/json")
    if response.status_code in (200, 201):
        return str(response.json()["id"])
    Address = model("orders", "Address")
    if Address is None:
        return None
    try:
        row = fill(Address, user)
    except Exception as exc:
        raise Unavailable(f"could not create an Address for the buyer: {exc.__class__.__name__}: {exc}") from exc
    return str(getattr(row, "public_id", row.pk))


def cart_lines(lines: int = 10, artisans: int = 3, stock: int = CHECKOUT_STOCK, max_moq: int = 1) -> list[Any]:
    """``lines`` in-stock variants spread over ``artisans`` artisans, with stock set high enough never to run out.

    Plain lines only (minimum order up to ``max_moq``, not made to order), taken in turn from the artisans that
    have the most.
    """
    Variant = model("catalog", "Variant")
    if Variant is None:
        raise Unavailable("catalog.Variant does not exist")
    Product = apps.get_model("catalog", "Product")
    fields = {f.name for f in Product._meta.get_fields()}
    candidates = Variant.objects.filter(product__in=public_products().values("pk")).select_related("product")
    if "min_order_quantity" in fields:
        candidates = candidates.filter(product__min_order_quantity__lte=max_moq)
    if "made_to_order" in fields:
        candidates = candidates.filter(product__made_to_order=False)
    by_artisan: dict[int, list[Any]] = {}
    for variant in candidates.order_by("pk")[:5000]:
        by_artisan.setdefault(variant.product.artisan_id, []).append(variant)
    groups = sorted(by_artisan.values(), key=len, reverse=True)[:artisans]
    chosen: list[Any] = []
    depth = 0
    while len(groups) == artisans and len(chosen) < lines and any(len(g) > depth for g in groups):
        chosen.extend(g[depth] for g in groups if len(g) > depth)
        depth += 1
    chosen = chosen[:lines]
    if len(groups) < artisans or len(chosen) < lines:
        kind = "plain" if max_moq == 1 else f"minimum order up to {max_moq}"
        raise Unavailable(f"the catalogue has no {lines} stocked variants ({kind}) over {artisans} artisans")
    Variant.objects.filter(pk__in=[v.pk for v in chosen]).update(stock=stock)
    return chosen


class Cart:
    """Adds variants through ``POST /api/v1/cart/items/``, learning which payload shape the API accepts."""

    shape: str | None = None
    SHAPES = ("variant", "variant_id", "sku", "variant_sku")

    @classmethod
    def payload(cls, shape: str, variant: Any, quantity: int) -> dict[str, Any]:
        value = variant.sku if "sku" in shape else variant.pk
        return {shape: value, "quantity": quantity}

    @classmethod
    def add(cls, client: Client, variant: Any, quantity: int | None = None):
        quantity = quantity or max(1, getattr(variant.product, "min_order_quantity", 1) or 1)
        shapes = [cls.shape] if cls.shape else list(cls.SHAPES)
        response = None
        for shape in shapes:
            response = client.post(
                CART_ITEMS_PATH, cls.payload(shape, variant, quantity), content_type="application/json"
            )
            if response.status_code in (200, 201):
                cls.shape = shape
                return response
            if response.status_code in (404, 405):
                break
        raise Unavailable(failure("POST", CART_ITEMS_PATH, response))


def shipping_choice(client: Client, address: str | None) -> dict[str, Any]:
    """The cheapest-listed shipping rate of each artisan group, read from ``GET /api/v1/cart/?address=``."""
    response = client.get(CART_PATH, {"address": address} if address else {})
    if response.status_code != 200:
        return {}
    choice: dict[str, Any] = {}
    for group in response.json().get("groups", []):
        options = group.get("shipping_options") or []
        slug = (group.get("artisan") or {}).get("slug")
        if slug and options:
            choice[slug] = options[0].get("rate")
    return choice


class Buyer:
    """A logged-in buyer with an address and a filled cart, ready for exactly one checkout."""

    def __init__(
        self, variants: list[Any], tag: str, shipping: dict[str, Any] | None = None, quantity: int | None = None
    ):
        """``shipping``: the choice another buyer of the same lines to the same address made (saves a request);
        ``quantity``: of every line (default: the product's minimum order)."""
        self.user = make_buyer(tag)
        self.client = logged_in_client(self.user)
        self.address = address_for(self.client, self.user)
        for variant in variants:
            Cart.add(self.client, variant, quantity)
        self.payload: dict[str, Any] = {"payment_method": "bank_transfer"}
        if self.address is not None:
            self.payload["address"] = self.address
        self.payload["shipping"] = shipping if shipping else shipping_choice(self.client, self.address)

    def checkout(self):
        return self.client.post(
            CHECKOUT_PATH, self.payload, content_type="application/json", headers={"Idempotency-Key": uuid.uuid4().hex}
        )


# --- Wholesale (README "Wholesale"): price tiers and samples on the bench's products -------------------------

WHOLESALE_QUANTITY = 100  # the quantity ``sort=unit_price_at`` prices at, and each line of the wholesale checkout


def _tier_inputs(variant: Any, moq: int) -> list[Any]:
    from catalog.wholesale.services import TierInput

    first = max(2, moq)
    if variant.price < 10:
        return []
    return [
        TierInput(min_quantity=first, unit_price=variant.price * 9 // 10),
        TierInput(min_quantity=max(first + 1, WHOLESALE_QUANTITY // 2), unit_price=variant.price * 8 // 10),
    ]


def seed_tiers(products: list[Any], *, samples: bool = True) -> int:
    """Give every variant of ``products`` two public tiers (from the MOQ at 90 %, from 50 pcs at 80 %) through
    ``catalog.wholesale.services.product_tiers_set`` as their owner, and a sample offer when ``samples``; products
    that already have tiers are left as they are. Returns how many products got tiers."""
    from catalog.wholesale.models import SampleOffer
    from catalog.wholesale.services import product_tiers_set

    Variant = apps.get_model("catalog", "Variant")
    done = 0
    for product in products:
        if product.wholesale_price is not None or product.wholesale_business_only:
            continue
        variants = list(Variant.objects.filter(product=product))
        tiers = {v.pk: t for v in variants if (t := _tier_inputs(v, product.min_order_quantity or 1))}
        if len(tiers) != len(variants) or not tiers:
            continue
        product_tiers_set(product=product, by=product.artisan.user, tiers=tiers)
        if samples:
            SampleOffer.objects.get_or_create(product=product, defaults={"price": max(1, product.price // 2)})
        done += 1
    return done


def category_products(slug: str, limit: int) -> list[Any]:
    """Up to ``limit`` public products of the category ``slug`` and its descendants, in pk order."""
    Category = apps.get_model("catalog", "Category")
    rows = list(Category.objects.values_list("pk", "parent_id"))
    root = Category.objects.get(slug=slug).pk
    family, frontier = {root}, [root]
    while frontier:
        frontier = [pk for pk, parent in rows if parent in frontier and pk not in family]
        family.update(frontier)
    qs = public_products().filter(category_id__in=family).select_related("artisan__user").order_by("pk")
    return list(qs[:limit])


def wholesale_cart_lines(lines: int = 10, artisans: int = 3) -> list[Any]:
    """``cart_lines`` whose every variant has tiers (seeded when missing), so each line is priced by a tier."""
    chosen = cart_lines(lines=lines, artisans=artisans, max_moq=WHOLESALE_QUANTITY)
    Product = apps.get_model("catalog", "Product")
    products = Product.objects.filter(pk__in={v.product_id for v in chosen}).select_related("artisan__user")
    seed_tiers(list(products), samples=False)
    PriceTier = apps.get_model("wholesale", "PriceTier")
    if PriceTier.objects.filter(variant__in=chosen).values("variant").distinct().count() < len(chosen):
        raise Unavailable("could not give every variant of the wholesale cart price tiers")
    return chosen
