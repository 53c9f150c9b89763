"""Browser pages of the catalogue: category, search and product pages, and the studio's product pages."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from babel import Locale
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import condition, require_GET, require_POST

from catalog import fragments, paging, selectors, services
from catalog.categories_data import WOOD_FAMILY
from catalog.filter_chips import active_filter_chips
from catalog.forms import ImageReorderForm, ProductFilterForm, ProductForm, QuickEditForm, VariantAddForm
from catalog.models import Product, TimberDocument
from catalog.wholesale import selectors as wholesale_selectors
from catalog.wholesale.forms import SampleOfferForm, TierLadderForm
from craftmarket.common.context_processors import SITE_NAME
from craftmarket.common.errors import DomainError, NotFound
from craftmarket.currency.display import cache_token


def _page(request: HttpRequest, qs, *, cards_by_id: bool = False, count: int | None = None) -> Any:
    paginator = paging.CappedPaginator(qs, selectors.PAGE_SIZE)
    paginator.known_count = count
    if cards_by_id:
        paginator.cards_from = selectors.card_rows()
    raw = request.GET.get("page", "1")
    number = int(raw) if raw.isdigit() and int(raw) > 0 else 1
    return paginator.get_page(number)


def _browse(request: HttpRequest, *, template: str, extra: dict[str, Any]) -> HttpResponse:
    """A list page. Its filters and results parts depend only on the URL and the language (no user, no CSRF
    token), so they are rendered once and kept in the cache under ``selectors.list_fragment_key`` (retired by
    any catalogue change, at most LIST_FRAGMENT_SECONDS old); a hit runs no query for them."""
    # The cards show prices in the display currency: the part depends on it and on its rate.
    params = {**dict(request.GET.lists()), "_currency": cache_token(getattr(request, "display_currency", None))}
    key = selectors.list_fragment_key(path=request.path, params=params)
    parts = cache.get(key)
    if parts is None:
        parts = _browse_parts(request, extra=extra)
        cache.set(key, parts, selectors.LIST_FRAGMENT_SECONDS)
    context = {
        "filters_html": mark_safe(parts["filters"]),  # noqa: S308 - our own templates' output, autoescaped
        "results_html": mark_safe(parts["results"]),  # noqa: S308
        **extra,
    }
    return render(request, template, context)


def _browse_parts(request: HttpRequest, *, extra: dict[str, Any]) -> dict[str, str]:
    form = ProductFilterForm(request.GET or None)
    filters: dict[str, Any] = dict(form.cleaned_data) if form.is_valid() else {}
    filters.update(extra.get("fixed_filters", {}))
    try:
        found = selectors.product_search_public(filters=filters)
    except NotFound:
        raise Http404 from None
    page = _page(request, found.products, cards_by_id=True, count=found.count)
    query = request.GET.copy()
    query.pop("page", None)
    tree = selectors.category_tree()
    context = {
        "page": page,
        "products": page.object_list,
        "querystring": query.urlencode(),
        # The words searched, when spelling correction changed them.
        "corrected": found.searched_for if found.searched_for != (filters.get("q") or "").strip() else "",
        **extra,
    }
    return {
        "filters": _filters_html(request, form=form, tree=tree, query=query, extra=extra),
        "results": render_to_string("catalog/_results.html", context, request=request),
    }


def _filters_html(
    request: HttpRequest, *, form: ProductFilterForm, tree: Any, query: Any, extra: dict[str, Any]
) -> str:
    """The filter form and its chips. They depend on the URL (without its page), the language, the category tree
    and the materials on offer, not on the products listed, so they are kept under those (``catalog.fragments``)
    and outlive a catalogue change, which retires the results part only."""
    materials = selectors.material_choices()
    key = fragments.filters_key(request, query=sorted(query.lists()), tree=tree, materials=materials)
    html = fragments.cached(key)
    if html is None:
        context = {
            "form": form if form.is_bound else ProductFilterForm(),
            "chips": active_filter_chips(form=form, path=request.path, params=request.GET, tree=tree),
            "categories": tree,
            "materials": materials,
            **extra,
        }
        html = render_to_string("catalog/_filters.html", context, request=request)
        fragments.store(key, html)
    return html


def category(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        node = selectors.category_by_slug(slug)
    except NotFound:
        raise Http404 from None
    return _browse(
        request,
        template="catalog/category.html",
        extra={
            "category": node,
            "ancestors": selectors.category_ancestors(node),
            "fixed_filters": {"category": node.slug},
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    return _browse(request, template="catalog/search.html", extra={"q": request.GET.get("q", "")[:100]})


def _json_ld(request: HttpRequest, product: Product) -> str:
    in_stock = any(v.stock > 0 for v in product.variants.all())
    images = [request.build_absolute_uri(i.url) for i in product.images.all() if i.url]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description[:500],
        "sku": product.variants.all()[0].sku if product.variants.all() else str(product.pk),
        "category": product.category.name_en,
        "material": ", ".join(product.material_list),
        "brand": {"@type": "Brand", "name": product.artisan.business_name},
        "countryOfOrigin": "ID",
        "weight": {"@type": "QuantitativeValue", "value": product.weight_grams, "unitCode": "GRM"},
        "offers": {
            "@type": "Offer",
            "url": request.build_absolute_uri(product.get_absolute_url()),
            "priceCurrency": "IDR",
            "price": str(product.price),
            "availability": "https://schema.org/InStock"
            if in_stock
            else ("https://schema.org/PreOrder" if product.made_to_order else "https://schema.org/OutOfStock"),
            "seller": {"@type": "Organization", "name": product.artisan.business_name},
        },
    }
    if images:
        data["image"] = images
    # Escape "<" so that no text of the artisan's can close the script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _ancestors(product: Product) -> list[selectors.CategoryNode]:
    try:
        return selectors.category_ancestors(selectors.category_by_slug(product.category.slug))
    except NotFound:  # a category added a moment ago, before the cached tree caught up
        return []


def _timber(product: Product, ancestors: list[selectors.CategoryNode]) -> dict[str, str] | None:
    """The timber legality a wood product's page shows (issue 18), None for other products or with nothing to show.
    Wood is read from the cached category chain, so the page costs no extra query."""
    slugs = {node.slug for node in ancestors} | {product.category.slug}
    if WOOD_FAMILY not in slugs:
        return None
    country = product.timber_harvest_country
    language = (get_language() or "id").split("-")[0]
    rows = {
        "species": product.timber_species.strip(),
        "scientific": product.timber_species_scientific.strip(),
        "harvest_country": Locale.parse(language).territories.get(country, country) if country else "",
        "document_kind": dict(TimberDocument.choices).get(product.timber_document_kind, "")
        if product.svlk_certified
        else "",
        "document_number": product.svlk_document_number.strip() if product.svlk_certified else "",
    }
    return rows if any(rows.values()) else None


def _page_version(request: HttpRequest, slug: str) -> selectors.ProductPageVersion | None:
    cached = getattr(request, "_product_page_version", None)
    if cached is None or cached[0] != slug:
        cached = (slug, selectors.product_page_version(slug=slug))
        request._product_page_version = cached
    return cached[1]


def _shows_business_prices(request: HttpRequest, version: selectors.ProductPageVersion) -> bool | None:
    """Whether the viewer sees the product's business-only tier prices (a verified business buyer); None when the
    product has no such tiers or the viewer is not signed in (the page is then the same for every status). Reads
    ``user.business`` once per request: the page's tier table reuses it."""
    if not version.business_tiers or not getattr(request.user, "is_authenticated", False):
        return None
    return wholesale_selectors.buyer_is_business(request.user)


def product_etag(request: HttpRequest, slug: str) -> str | None:
    """The page's ETag: the product's version plus what the page shows of the visitor (signed in as whom, the
    CSRF token of the add-to-cart form, the language, whether they see business-only tier prices), so that a 304
    never reuses another session's page, nor a page from before the buyer's business verification (or its
    withdrawal). Hashed: nothing of the visitor is readable in it."""
    version = _page_version(request, slug)
    if version is None:
        return None
    who = getattr(request.user, "pk", None) or "-"
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    business = {None: "-", True: "b", False: "n"}[_shows_business_prices(request, version)]
    raw = f"{version.tag}|{who}|{csrf}|{get_language()}|{business}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def product_last_modified(request: HttpRequest, slug: str):
    """The product's ``updated_at``; none for a signed-in viewer of a product with business-only tiers: a date
    cannot say that the viewer's business status changed (without telling when their profile was decided), so
    the ETag alone, which includes that status, validates their page (a bare If-Modified-Since never gives 304)."""
    version = _page_version(request, slug)
    if version is None:
        return None
    if _shows_business_prices(request, version) is not None:
        return None
    return version.last_modified


def product_page_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    """What catalog/product_detail.html shows of a public product; Http404 when it is not public. Pages that add
    to the product page (craftmarket.product_page, with the reviews) start from it."""
    try:
        product = selectors.product_get_public(slug=slug)
    except NotFound:
        raise Http404 from None
    variants = list(product.variants.all())
    images = list(product.images.all())
    tier_table = wholesale_selectors.tier_table(product=product, variants=variants, buyer=request.user)
    ancestors = _ancestors(product)
    return {
        "product": product,
        "variants": variants,
        "tier_table": tier_table,
        "sample_offer": wholesale_selectors.sample_offer(product),
        "is_business": any(row.business_only and row.unit_price for _v, rows in tier_table for row in rows),
        "images": images,
        "primary": next((i for i in images if i.is_primary), images[0] if images else None),
        "stock_total": sum(v.stock for v in variants),
        "related": selectors.related_products(product=product),
        "ancestors": ancestors,
        "timber": _timber(product, ancestors),
        "canonical": request.build_absolute_uri(product.get_absolute_url()),
        "json_ld": _json_ld(request, product),
        "site_url": settings.SITE_URL,
    }


PAGE_PARTS = {"head": "catalog/_product_head.html", "content": "catalog/_product_body.html"}


def _viewer(request: HttpRequest, version: selectors.ProductPageVersion) -> str:
    """What the page's body shows differently to its viewer: signed in or not (the sample and tier prompts), the
    product's own artisan or not ("Ask the artisan"), business prices or not."""
    user = request.user
    signed_in = bool(getattr(user, "is_authenticated", False))
    owner = signed_in and user.pk == version.owner_id
    business = {None: "-", True: "b", False: "n"}[_shows_business_prices(request, version)]
    return f"{int(signed_in)}{int(owner)}{business}"


def render_product_page(
    request: HttpRequest, slug: str, *, page: str = "", extend: Callable[[dict[str, Any]], None] | None = None
) -> HttpResponse:
    """A product page: its head tags and body from the fragment cache (``catalog.fragments``) when this version
    of the product was rendered for this kind of viewer before, else rendered from ``product_page_context`` (plus
    what ``extend`` adds: the reviews) and kept. ``page`` names what else the body depends on (the reviews page)."""
    version = _page_version(request, slug)
    if version is None:
        raise Http404
    key = fragments.page_key(request, version_tag=version.tag, viewer=_viewer(request, version), page=page)
    parts = fragments.cached(key)
    if parts is None:
        context = product_page_context(request, slug)
        if extend is not None:
            extend(context)
        product = context["product"]
        render_context = {**context, **fragments.placeholders()}
        parts = {name: render_to_string(template, render_context, request) for name, template in PAGE_PARTS.items()}
        parts["title"] = f"{product.display_name} · {product.artisan.business_name} · {SITE_NAME}"
        parts["description"] = truncatechars(strip_tags(product.display_description), 155)
        fragments.store(key, parts)
    parts = fragments.fill(request, parts)
    page_parts = {
        "title": parts["title"],  # plain text: escaped by the layout
        "description": parts["description"],
        "head": mark_safe(parts["head"]),  # noqa: S308 - our own templates' output, autoescaped
        "content": mark_safe(parts["content"]),  # noqa: S308
    }
    return render(request, "catalog/product_detail.html", {"page": page_parts})


@condition(etag_func=product_etag, last_modified_func=product_last_modified)
@cache_control(private=True, no_cache=True)
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The catalogue's product page. ``/p/<slug>/`` is served by craftmarket.product_page (the same page with the
    product's reviews, which catalog may not import), ahead of this app's URLs."""
    return render_product_page(request, slug)


# --- studio -------------------------------------------------------------------------------------------------


def _studio_render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Studio pages extend templates/layouts/studio.html (the one studio layout)."""
    return render(request, template, context)


def _artisan(request: HttpRequest):
    artisan = getattr(request.user, "artisan", None)
    if artisan is None:
        raise Http404
    return artisan


def _own(request: HttpRequest, slug: str) -> Product:
    try:
        return selectors.product_get_for_owner(artisan=_artisan(request), slug=slug)
    except NotFound:
        raise Http404 from None


def _errors_to_form(form, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return
    for field, messages_ in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message if target else f"{field}: {message}" if field else message)


@login_required
def studio_products(request: HttpRequest) -> HttpResponse:
    artisan = _artisan(request)
    status = request.GET.get("status", "")
    if status not in Product.Status.values:
        status = ""
    page = _page(request, selectors.products_for_artisan(artisan=artisan, status=status))
    return _studio_render(
        request,
        "catalog/studio/product_list.html",
        {
            "artisan": artisan,
            "page": page,
            "products": page.object_list,
            "status": status,
            "statuses": Product.Status.choices,
        },
    )


def _images(form: ProductForm) -> list[services.ImageInput]:
    alt = form.cleaned_data.get("image_alt") or ""
    return [services.ImageInput(f, alt) for f in form.cleaned_data.get("images") or []]


@login_required
def studio_product_create(request: HttpRequest) -> HttpResponse:
    artisan = _artisan(request)
    form = ProductForm(request.POST or None, request.FILES or None, initial={"province": artisan.province})
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                artisan=artisan,
                by=request.user,
                fields=form.service_fields(),
                stock=form.cleaned_data.get("stock") or 0,
                images=_images(form),
            )
        except (ValidationError, DomainError) as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Draft saved. Submit it for review when it is ready."))
            return redirect("catalog:studio-edit", slug=product.slug)
    return _studio_render(request, "catalog/studio/product_form.html", {"form": form, "product": None})


@login_required
def studio_product_edit(request: HttpRequest, slug: str) -> HttpResponse:
    product = _own(request, slug)
    form = ProductForm(request.POST or None, request.FILES or None, instance=product)
    variant_form = VariantAddForm(prefix="variant")
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_update(
                product=Product.objects.get(pk=product.pk),
                by=request.user,
                fields=form.service_fields(),
                images=_images(form),
            )
        except (ValidationError, DomainError) as exc:
            _errors_to_form(form, exc)
        else:
            if product.status == Product.Status.PENDING:
                messages.info(request, _("Saved. The changes go to Dekranas for review."))
            else:
                messages.success(request, _("Saved."))
            return redirect("catalog:studio-edit", slug=product.slug)
    return _studio_edit_page(request, product, form=form, variant_form=variant_form)


def _studio_edit_page(
    request: HttpRequest,
    product: Product,
    *,
    form: ProductForm,
    variant_form: VariantAddForm,
    tier_form: TierLadderForm | None = None,
    sample_form: SampleOfferForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "variant_form": variant_form,
        "tier_form": tier_form or TierLadderForm(variants=list(product.variants.all()), product=product),
        "sample_form": sample_form or SampleOfferForm(offer=wholesale_selectors.sample_offer(product)),
        "product": product,
        "images": list(product.images.all()),
        "history": selectors.product_status_history(product=product),
    }
    return render(request, "catalog/studio/product_form.html", context, status=status)


@login_required
@require_POST
def studio_variant_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a variant (a size, a colour) to one of the artisan's products, from its edit page. A refused variant
    shows the edit page again with the messages at the variant form's fields, and nothing is saved."""
    product = _own(request, slug)
    variant_form = VariantAddForm(request.POST, prefix="variant")
    if variant_form.is_valid():
        data = variant_form.cleaned_data
        try:
            services.product_update(
                product=Product.objects.get(pk=product.pk),
                by=request.user,
                fields={},
                variants=[
                    services.VariantInput(name=data["name"], price=data["price"], stock=data["stock"], sku=data["sku"])
                ],
            )
        except ValidationError as exc:
            # The service names the variants as a whole ("variants"): a taken SKU is the SKU field's error.
            found = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, problems in found.items():
                target = field if field in variant_form.fields else None
                if field == "variants" and data["sku"]:
                    target = "sku"
                for problem in problems:
                    variant_form.add_error(target, problem)
        except DomainError as exc:
            _errors_to_form(variant_form, exc)
        else:
            messages.success(request, _("Variant “%(name)s” added.") % {"name": data["name"].strip()})
            return redirect("catalog:studio-edit", slug=slug)
    return _studio_edit_page(
        request, product, form=ProductForm(instance=product), variant_form=variant_form, status=400
    )


@login_required
@never_cache
@require_GET
def studio_image_status(request: HttpRequest, slug: str, image_id: int) -> HttpResponse:
    """One photo's rendition status as an HTML fragment, polled by the product form until ready or failed; only
    for the product's owner (404 otherwise)."""
    product = _own(request, slug)
    image = next((i for i in product.images.all() if i.pk == image_id), None)
    if image is None:
        raise Http404
    return render(request, "catalog/studio/_image_status.html", {"product": product, "image": image})


def _action(request: HttpRequest, slug: str, action, success: str) -> HttpResponse:
    product = _own(request, slug)
    try:
        result = action(product=product, by=request.user)
    except (ValidationError, DomainError) as exc:
        text = exc.message if isinstance(exc, DomainError) else " ".join(exc.messages)
        messages.error(request, text)
        return redirect("catalog:studio-edit", slug=product.slug)
    messages.success(request, success)
    target = result if isinstance(result, Product) else product
    return redirect("catalog:studio-edit", slug=target.slug)


@login_required
@require_POST
def studio_product_submit(request: HttpRequest, slug: str) -> HttpResponse:
    return _action(request, slug, services.product_submit, _("Submitted for review."))


@login_required
@require_POST
def studio_product_archive(request: HttpRequest, slug: str) -> HttpResponse:
    return _action(request, slug, services.product_archive, _("Archived: the product is no longer in the shop."))


@login_required
@require_POST
def studio_product_relist(request: HttpRequest, slug: str) -> HttpResponse:
    return _action(request, slug, services.product_relist, _("Back to draft."))


@login_required
@require_POST
def studio_product_duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    return _action(request, slug, services.product_duplicate, _("Copied as a new draft."))


@login_required
@require_POST
def studio_quick_edit(request: HttpRequest, slug: str) -> HttpResponse:
    product = _own(request, slug)
    form = QuickEditForm(request.POST)
    variant = None
    if form.is_valid():
        variant = next((v for v in product.variants.all() if v.pk == form.cleaned_data["variant"]), None)
    if variant is None:
        messages.error(request, _("Enter a whole number for price and stock."))
        return redirect("catalog:studio-products")
    try:
        services.variant_update_stock_price(
            variant=variant, by=request.user, price=form.cleaned_data["price"], stock=form.cleaned_data["stock"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Price and stock saved for %s.") % product.name)
    if request.POST.get("from") == "edit":
        return redirect("catalog:studio-edit", slug=slug)
    return redirect("catalog:studio-products")


@login_required
@require_POST
def studio_image_remove(request: HttpRequest, slug: str, image_id: int) -> HttpResponse:
    product = _own(request, slug)
    image = next((i for i in product.images.all() if i.pk == image_id), None)
    if image is None:
        raise Http404
    try:
        services.product_image_remove(image=image, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Photo removed."))
    return redirect("catalog:studio-edit", slug=slug)


@login_required
@require_POST
def studio_image_primary(request: HttpRequest, slug: str, image_id: int) -> HttpResponse:
    """Make one image the primary (first) one; the others keep their order."""
    product = _own(request, slug)
    ids = [i.pk for i in product.images.all()]
    if image_id not in ids:
        raise Http404
    form = ImageReorderForm({"order": ",".join(str(i) for i in [image_id, *[i for i in ids if i != image_id]])})
    form.is_valid()
    services.product_image_reorder(product=product, by=request.user, order=form.cleaned_data["order"])
    messages.success(request, _("Main photo changed."))
    return redirect("catalog:studio-edit", slug=slug)
