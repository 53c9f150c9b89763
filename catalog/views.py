"""Browser pages of the catalogue: category, search and product pages, and the studio's product pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from catalog import fragments, paging, selectors, services
from catalog.filter_chips import active_filter_chips
from catalog.forms import ImageReorderForm, ProductFilterForm, ProductForm, QuickEditForm, VariantAddForm
from catalog.models import Product
from catalog.wholesale import selectors as wholesale_selectors
from catalog.wholesale.forms import SampleOfferForm, TierLadderForm
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
