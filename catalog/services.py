"""Writes for the catalogue: products, their variants and images, and the listing lifecycle.

Every function is one transaction, validates everything before it writes, and raises ``ValidationError`` with
field messages (bad input) or a ``DomainError`` (a rule refused the operation). Image files written during a
call that then fails are deleted from storage, so a failed save leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from artisans.models import Artisan
from artisans.scoping import moderators_for
from catalog import search, tasks
from catalog.categories_data import WOOD_FAMILY
from catalog.models import Category, Product, ProductImage, Report, Variant
from catalog.selectors import catalog_changed
from craftmarket.common.errors import ConflictError, DomainError, NotFound, PermissionDenied, TransitionNotAllowed
from craftmarket.common.notifications import notify
from craftmarket.common.statemachine import StateMachine, table
from craftmarket.common.uploads import check_upload_quota, validate_image
from craftmarket.common.validators import int_field_errors

S = Product.Status
MAX_IMAGES = 10
MODERATOR_GROUP = "Dekranas moderator"

LISTING = StateMachine(
    name="Listing",
    field="status",
    transitions=table(
        {
            S.DRAFT: [S.PENDING],
            S.PENDING: [S.PUBLISHED, S.REJECTED],
            S.REJECTED: [S.DRAFT],
            S.PUBLISHED: [S.PENDING, S.ARCHIVED],
            # Not in the diagram: an archived listing can be brought back as a draft (and reviewed again).
            S.ARCHIVED: [S.DRAFT],
        }
    ),
    history_model="catalog.ProductStatusChange",
    subject_field="product",
    labels=dict(S.choices),
)

TIMBER_FIELDS = (
    "timber_document_kind",
    "timber_species",
    "timber_species_scientific",
    "timber_harvest_country",
    "timber_volume_m3",
    "timber_weight_grams",
    "ships_abroad",
)
# Changing any of these on a published product sends it back to review; price and stock never do.
REVIEWED_FIELDS = frozenset({"name", "description", "category", "name_en", "description_en"})
EDITABLE_FIELDS = frozenset(
    {
        "category",
        "name",
        "description",
        "name_en",
        "description_en",
        "materials",
        "technique",
        "province",
        "length_cm",
        "width_cm",
        "height_cm",
        "price",
        "weight_grams",
        "min_order_quantity",
        "made_to_order",
        "lead_time_days",
        "care_instructions",
        "care_instructions_en",
        "hs_code",
        "svlk_certified",
        "svlk_document_number",
        *TIMBER_FIELDS,
    }
)
STAFF_FIELDS = frozenset({"featured", "popularity"})


@dataclass(frozen=True)
class ImageInput:
    file: IO[bytes]
    alt_text: str = ""


@dataclass(frozen=True)
class VariantInput:
    name: str
    price: int
    stock: int = 0
    sku: str = ""
    id: int | None = None


# --- helpers ------------------------------------------------------------------------------------------------


def normalize_tags(raw: str | Sequence[str] | None) -> str:
    """``" Rotan, pandan ,rotan"`` or ``["Rotan", "pandan"]`` -> ``"rotan,pandan"``: lower-case, unique, in order."""
    if raw is None:
        return ""
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    seen: list[str] = []
    for part in parts:
        tag = " ".join(str(part).split()).lower()[:40]
        if tag and tag not in seen:
            seen.append(tag)
    return ",".join(seen)[:255].rstrip(",")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:140].strip("-") or "produk"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Product.objects.filter(slug=slug).exists():
            return slug


def _require_owner(product: Product, by: Any) -> None:
    artisan = getattr(by, "artisan", None) if by is not None else None
    if artisan is None or artisan.pk != product.artisan_id:
        raise NotFound(_("Product not found."))


def _require_staff(by: Any) -> None:
    if by is None or not getattr(by, "is_staff", False):
        raise PermissionDenied(_("Only Dekranas staff can moderate listings."))


def _require_verified(artisan: Artisan) -> None:
    if artisan.status != Artisan.Status.VERIFIED:
        raise PermissionDenied(_("Only verified artisans can submit or publish products."), code="artisan_not_verified")


def _is_wood(category: Category) -> bool:
    node: Category | None = category
    while node is not None:
        if node.slug == WOOD_FAMILY:
            return True
        node = node.parent
    return False


def _validate_timber(product: Product, errors: dict[str, list[str]]) -> None:
    """Timber legality: shapes always; completeness before a wood product may be marked as shipping abroad."""
    product.timber_harvest_country = (product.timber_harvest_country or "").strip().upper()
    if product.timber_harvest_country and not re.fullmatch(r"[A-Z]{2}", product.timber_harvest_country):
        errors.setdefault("timber_harvest_country", []).append(_("Enter the two-letter country code, e.g. ID."))
    if product.timber_volume_m3 is not None and product.timber_volume_m3 <= 0:
        errors.setdefault("timber_volume_m3", []).append(_("Enter a volume above zero."))
    if product.ships_abroad and product.category_id:
        for name in product.timber_legality_missing():
            errors.setdefault(name, []).append(
                _("A wood product that ships abroad needs its timber legality data: fill this in.")
            )


def _validate_abroad(product: Product, errors: dict[str, list[str]]) -> None:
    """A product marked as shipping abroad carries what every international line needs (orders.shipping
    abroad_problems): an HS code for the customs declaration and parcel dimensions for the volumetric weight."""
    if not product.ships_abroad:
        return
    if not product.hs_code.strip():
        errors.setdefault("hs_code", []).append(_("A product that ships abroad needs its HS code for customs."))
    for name in ("length_cm", "width_cm", "height_cm"):
        if not getattr(product, name):
            errors.setdefault(name, []).append(
                _("A product that ships abroad needs its parcel dimensions: couriers charge by volume abroad.")
            )


def _validate_product(product: Product, *, stock_total: int | None) -> None:
    """Field checks on an unsaved state of ``product``; raises one ValidationError with every message."""
    errors: dict[str, list[str]] = {}
    if product.price is None or product.price <= 0:
        errors.setdefault("price", []).append(_("Enter a price above zero, in whole rupiah."))
    if not product.weight_grams or product.weight_grams <= 0:
        errors.setdefault("weight_grams", []).append(_("Enter the weight in grams: shipping needs it."))
    if product.min_order_quantity is None or product.min_order_quantity < 1:
        errors.setdefault("min_order_quantity", []).append(_("The minimum order is at least 1."))
    if product.made_to_order and not product.lead_time_days:
        errors.setdefault("lead_time_days", []).append(_("Made-to-order products need a lead time in days."))
    if not product.made_to_order:
        product.lead_time_days = product.lead_time_days or None
    if product.svlk_certified and not product.svlk_document_number.strip():
        errors.setdefault("svlk_document_number", []).append(_("Enter the SVLK or DKP document number."))
    if product.svlk_certified and product.category_id and not _is_wood(product.category):
        errors.setdefault("svlk_certified", []).append(_("SVLK applies to wood products only."))
    _validate_timber(product, errors)
    _validate_abroad(product, errors)
    if (
        stock_total is not None
        and not product.made_to_order
        and stock_total > 0
        and (product.min_order_quantity or 1) > stock_total
    ):
        errors.setdefault("min_order_quantity", []).append(_("The minimum order quantity cannot be above the stock."))
    for dim in ("length_cm", "width_cm", "height_cm"):
        value = getattr(product, dim)
        if value is not None and value <= 0:
            errors.setdefault(dim, []).append(_("Enter a size above zero."))
    try:
        product.full_clean(exclude=["slug", "search_vector", "artisan", *errors.keys()], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _validate_variants(variants: Sequence[VariantInput]) -> None:
    errors: dict[str, list[str]] = {}
    skus = [v.sku.strip() for v in variants if v.sku.strip()]
    for v in variants:
        if not isinstance(v.price, int) or isinstance(v.price, bool) or v.price <= 0:
            errors.setdefault("variants", []).append(_("Every variant needs a price above zero."))
        else:
            errors.setdefault("variants", []).extend(int_field_errors(Variant, "price", v.price))
        errors.setdefault("stock", []).extend(_stock_errors(v.stock))
    errors = {k: v for k, v in errors.items() if v}
    if len(skus) != len(set(skus)):
        errors.setdefault("variants", []).append(_("Each variant needs its own SKU."))
    # A SKU is taken when a row other than the variant that asks for it holds it: another product's variant, a
    # sibling (a new variant given an existing SKU of the same product), or a swap between two siblings, which
    # the row-by-row saves could not make without breaking the unique constraint either.
    wanted = {v.sku.strip(): v.id for v in variants if v.sku.strip()}
    held = Variant.objects.filter(sku__in=list(wanted)).values_list("sku", "pk") if wanted else []
    if any(pk != wanted[sku] for sku, pk in held):
        errors.setdefault("variants", []).append(_("This SKU is already used."))
    if errors:
        raise ValidationError({k: sorted(set(v), key=v.index) for k, v in errors.items()})


def _stock_errors(stock: Any) -> list[str]:
    """Stock is a whole number from 0 to the column's limit (the same on every database)."""
    if not isinstance(stock, int) or isinstance(stock, bool) or stock < 0:
        return [_("Stock cannot be negative.")]
    return int_field_errors(Variant, "stock", stock)


def _validate_images(images: Sequence[ImageInput], *, existing: int, owner: Any) -> None:
    if existing + len(images) > MAX_IMAGES:
        raise ValidationError({"images": [_("A product can have at most 10 images.")]})
    try:
        for image in images:
            validate_image(image.file)
        check_upload_quota(user=owner, uploads=[image.file for image in images])
    except ValidationError as exc:
        raise ValidationError({"images": exc.messages}) from exc


@contextlib.contextmanager
def _files_removed_on_failure() -> Iterator[list[tuple[Any, str]]]:
    """Collects (storage, name) of files written inside the block and deletes them if the block raises."""
    written: list[tuple[Any, str]] = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise


def _save_images(product: Product, images: Sequence[ImageInput], written: list[tuple[Any, str]]) -> None:
    position = (product.images.order_by("-position").values_list("position", flat=True).first() or -1) + 1
    has_primary = product.images.filter(is_primary=True).exists()
    for offset, image in enumerate(images):
        row = ProductImage(
            product=product,
            alt_text=(image.alt_text or product.name)[:200],
            position=position + offset,
            is_primary=not has_primary and offset == 0,
        )
        name = getattr(image.file, "name", "") or "image"
        image.file.seek(0)
        row.original.save(name.rsplit("/", 1)[-1][-80:], image.file, save=False)
        written.append((row.original.storage, row.original.name))
        row.save()
        transaction.on_commit(lambda pk=row.pk: tasks.render_product_image.delay(pk))


def _next_sku(product: Product) -> str:
    n = product.variants.count() + 1
    while True:
        sku = f"CM-{product.pk}-{n}"
        if not Variant.objects.filter(sku=sku).exists():
            return sku
        n += 1


def _sync_price(product: Product) -> None:
    """The product's ``price`` mirrors its cheapest variant, so that browse filters and sorts on one column."""
    cheapest = product.variants.aggregate(m=Min("price"))["m"]
    if cheapest and cheapest != product.price:
        product.price = cheapest
        product.save(update_fields=["price", "updated_at"])


def _stock_total(product: Product) -> int:
    return product.variants.aggregate(s=Sum("stock"))["s"] or 0


def _notify_review_waiting(product: Product) -> None:
    """Moderators of the artisan's province (national and regional) hear of it in their 15-minute digest."""
    notify(
        event="review_waiting",
        users=moderators_for(province=product.artisan.province),
        context={"item": product.name, "url": reverse("admin:catalog_productreviewqueue_changelist")},
    )


def _lock(product: Product) -> Product:
    return Product.objects.select_for_update().select_related("artisan", "category").get(pk=product.pk)


# --- products -----------------------------------------------------------------------------------------------


def product_create(
    *,
    artisan: Artisan,
    by: Any,
    fields: dict[str, Any],
    stock: int = 0,
    variants: Sequence[VariantInput] = (),
    images: Sequence[ImageInput] = (),
) -> Product:
    """Create a draft product with its variants (a default one from ``price``/``stock`` when none are given) and
    images. Origin province defaults to the artisan's. Nothing is written, and no file is left, if any input is
    invalid."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({"detail": [_("Unknown fields: %s") % ", ".join(sorted(unknown))]})
    product = Product(artisan=artisan, status=S.DRAFT, **fields)
    product.materials = normalize_tags(fields.get("materials"))
    product.technique = normalize_tags(fields.get("technique"))
    product.province = fields.get("province") or artisan.province
    if variants and product.price is None:
        prices = [v.price for v in variants if isinstance(v.price, int) and v.price > 0]
        product.price = min(prices) if prices else None
    if stock_errors := _stock_errors(stock):
        raise ValidationError({"stock": stock_errors})
    stock_total = sum(v.stock for v in variants) if variants else stock
    _validate_product(product, stock_total=stock_total)
    _validate_variants(variants)
    _validate_images(images, existing=0, owner=artisan.user)
    with _files_removed_on_failure() as written, transaction.atomic():
        product.slug = _unique_slug(product.name)
        product.save()
        if variants:
            for position, v in enumerate(variants):
                Variant.objects.create(
                    product=product,
                    sku=v.sku.strip() or _next_sku(product),
                    name=v.name.strip(),
                    price=v.price,
                    stock=v.stock,
                    is_default=position == 0,
                    position=position,
                )
            _sync_price(product)
        else:
            Variant.objects.create(
                product=product, sku=_next_sku(product), price=product.price, stock=stock, is_default=True
            )
        _save_images(product, images, written)
        search.refresh_search_vectors(product_ids=[product.pk])
    return product


def product_update(
    *,
    product: Product,
    by: Any,
    fields: dict[str, Any],
    stock: int | None = None,
    variants: Sequence[VariantInput] = (),
    images: Sequence[ImageInput] = (),
) -> Product:
    """Edit a product as its owner. A published product whose name, description, category or images change goes
    back to pending review; a rejected one goes back to draft. Price and stock edits keep the status. ``stock``
    sets the default variant's stock; ``variants`` update (by id) or add variants."""
    _require_owner(product, by)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({"detail": [_("Unknown fields: %s") % ", ".join(sorted(unknown))]})
    if stock is not None and (stock_errors := _stock_errors(stock)):
        raise ValidationError({"stock": stock_errors})
    with _files_removed_on_failure() as written, transaction.atomic():
        product = _lock(product)
        if product.status == S.ARCHIVED:
            raise ConflictError(_("Archived products cannot be edited; relist it first."), code="archived")
        before = {f: getattr(product, "category_id" if f == "category" else f) for f in REVIEWED_FIELDS}
        for key, value in fields.items():
            if key in {"materials", "technique"}:
                value = normalize_tags(value)
            setattr(product, key, value)
        if "province" in fields and not fields["province"]:
            product.province = product.artisan.province
        known = {v.id for v in variants if v.id is not None}
        if known - set(product.variants.values_list("pk", flat=True)):
            raise ValidationError({"variants": [_("Unknown variant.")]})
        _validate_variants(variants)
        existing = {v.pk: v for v in product.variants.all()}
        planned = {pk: v.stock for pk, v in existing.items()}
        default = next((v for v in existing.values() if v.is_default), None)
        if stock is not None and default is not None:
            planned[default.pk] = stock
        for v in variants:
            if v.id is not None:
                planned[v.id] = v.stock
        stock_total = sum(planned.values()) + sum(v.stock for v in variants if v.id is None)
        _validate_product(product, stock_total=stock_total)
        _validate_images(images, existing=product.images.count(), owner=product.artisan.user)
        product.save()
        if stock is not None and default is not None:
            default.stock = stock
            if "price" in fields and len(existing) == 1:
                default.price = product.price
            default.save(update_fields=["stock", "price"])
        elif "price" in fields and default is not None and len(existing) == 1:
            default.price = product.price
            default.save(update_fields=["price"])
        for v in variants:
            if v.id is not None:
                row = existing[v.id]
                row.name, row.price, row.stock = v.name.strip(), v.price, v.stock
                if v.sku.strip():
                    row.sku = v.sku.strip()
                row.save(update_fields=["name", "price", "stock", "sku"])
            else:
                Variant.objects.create(
                    product=product,
                    sku=v.sku.strip() or _next_sku(product),
                    name=v.name.strip(),
                    price=v.price,
                    stock=v.stock,
                    position=len(existing) + 1,
                )
        # With several variants the product's price is theirs (the cheapest), whatever the form said.
        _sync_price(product)
        _save_images(product, images, written)
        after = {f: getattr(product, "category_id" if f == "category" else f) for f in REVIEWED_FIELDS}
        _after_content_edit(product, by=by, reviewed_changed=before != after or bool(images))
        search.refresh_search_vectors(product_ids=[product.pk])
    return product


def _after_content_edit(product: Product, *, by: Any, reviewed_changed: bool) -> None:
    catalog_changed()
    if product.status == S.REJECTED:
        product.rejection_reason = ""
        LISTING.apply(instance=product, target=S.DRAFT, by=by, reason="edited", update_fields=["rejection_reason"])
    elif product.status == S.PUBLISHED and reviewed_changed:
        LISTING.apply(instance=product, target=S.PENDING, by=by, reason="edited after publication")
        _notify_review_waiting(product)


def product_submit(*, product: Product, by: Any) -> Product:
    """Send a draft for review. Only the owner of a verified artisan profile may; the product needs a photo."""
    _require_owner(product, by)
    with transaction.atomic():
        product = _lock(product)
        _require_verified(product.artisan)
        if product.status != S.DRAFT:  # published → pending exists, but only for edits, not for a submit
            raise TransitionNotAllowed(
                _("Only drafts can be submitted (this one is %s).") % product.get_status_display(), field="status"
            )
        if not product.images.exists():
            raise DomainError(_("Add at least one photo before submitting."), field="images", code="no_images")
        LISTING.apply(instance=product, target=S.PENDING, by=by)
        _notify_review_waiting(product)
    return product


def product_approve(*, product: Product, by: Any) -> Product:
    """Publish a pending product (Dekranas staff). Refused when the artisan is not verified."""
    _require_staff(by)
    with transaction.atomic():
        product = _lock(product)
        LISTING.check(instance=product, target=S.PUBLISHED)
        _require_verified(product.artisan)
        product.published_at = product.published_at or timezone.now()
        LISTING.apply(instance=product, target=S.PUBLISHED, by=by, update_fields=["published_at"])
        catalog_changed()
        notify(
            event="listing_approved",
            users=[product.artisan.user],
            context={"product": product.name, "url": reverse("catalog:product", args=[product.slug])},
        )
    return product


def product_reject(*, product: Product, by: Any, reason: str) -> Product:
    """Reject a pending product with the moderator's reason (required), and tell the artisan."""
    _require_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Tell the artisan why the listing is rejected.")]})
    with transaction.atomic():
        product = _lock(product)
        LISTING.check(instance=product, target=S.REJECTED)
        product.rejection_reason = reason
        LISTING.apply(instance=product, target=S.REJECTED, by=by, reason=reason, update_fields=["rejection_reason"])
        notify(
            event="listing_rejected",
            users=[product.artisan.user],
            context={
                "product": product.name,
                "reason": reason,
                "url": reverse("catalog:studio-edit", args=[product.slug]),
            },
        )
    return product


def product_archive(*, product: Product, by: Any) -> Product:
    """Take a published product off the shop (owner or staff)."""
    if not getattr(by, "is_staff", False):
        _require_owner(product, by)
    with transaction.atomic():
        product = _lock(product)
        LISTING.apply(instance=product, target=S.ARCHIVED, by=by)
        catalog_changed()
    return product


def product_relist(*, product: Product, by: Any) -> Product:
    """Bring an archived product back as a draft, to be submitted again."""
    _require_owner(product, by)
    with transaction.atomic():
        product = _lock(product)
        LISTING.check(instance=product, target=S.DRAFT)
        if product.status != S.ARCHIVED:
            raise ConflictError(_("Only archived products can be relisted."))
        LISTING.apply(instance=product, target=S.DRAFT, by=by)
    return product


def product_delete(*, product: Product, by: Any) -> None:
    """Delete a draft or rejected product and its image files. Published or archived ones are archived instead."""
    _require_owner(product, by)
    with transaction.atomic():
        product = _lock(product)
        if product.status not in (S.DRAFT, S.REJECTED):
            raise ConflictError(_("Only drafts and rejected products can be deleted; archive it instead."))
        files = [(img.original.storage, img.original.name) for img in product.images.all()]
        try:
            product.delete()
        except IntegrityError as exc:  # held by an order line
            raise ConflictError(_("This product has orders; archive it instead.")) from exc
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def product_duplicate(*, product: Product, by: Any) -> Product:
    """Copy a product as a new draft: fields, variants (new SKUs) and images (new files)."""
    _require_owner(product, by)
    with _files_removed_on_failure() as written, transaction.atomic():
        source = Product.objects.select_related("artisan", "category").get(pk=product.pk)
        copy = Product.objects.get(pk=source.pk)
        copy.pk = None
        copy.id = None
        copy.status = S.DRAFT
        copy.rejection_reason = ""
        copy.published_at = None
        copy.featured = False
        copy.popularity = 0
        copy.search_vector = None
        copy.created_at = timezone.now()
        copy.name = (_("%s (copy)") % source.name)[:140]
        copy.slug = _unique_slug(source.name)
        copy.save(force_insert=True)
        for v in source.variants.all():
            Variant.objects.create(
                product=copy,
                sku=_next_sku(copy),
                name=v.name,
                price=v.price,
                stock=v.stock,
                is_default=v.is_default,
                position=v.position,
            )
        for img in source.images.all():
            with img.original.open("rb") as fh:
                data = fh.read()
            row = ProductImage(product=copy, alt_text=img.alt_text, position=img.position, is_primary=img.is_primary)
            row.original.save(img.original.name.rsplit("/", 1)[-1], ContentFile(data), save=False)
            written.append((row.original.storage, row.original.name))
            row.save()
            transaction.on_commit(lambda pk=row.pk: tasks.render_product_image.delay(pk))
        search.refresh_search_vectors(product_ids=[copy.pk])
    return copy


# --- images -------------------------------------------------------------------------------------------------


def product_image_add(*, product: Product, by: Any, file: IO[bytes], alt_text: str = "") -> ProductImage:
    """Add one validated image (at most 10 per product); the worker makes its renditions after commit."""
    _require_owner(product, by)
    with _files_removed_on_failure() as written, transaction.atomic():
        product = _lock(product)
        if product.status == S.ARCHIVED:
            raise ConflictError(_("Archived products cannot be edited; relist it first."), code="archived")
        _validate_images([ImageInput(file, alt_text)], existing=product.images.count(), owner=product.artisan.user)
        _save_images(product, [ImageInput(file, alt_text)], written)
        _after_content_edit(product, by=by, reviewed_changed=True)
    return product.images.order_by("-position", "-pk").first()


def product_image_remove(*, image: ProductImage, by: Any) -> None:
    """Remove an image and its file; the next image becomes primary if this one was."""
    product = image.product
    _require_owner(product, by)
    with transaction.atomic():
        product = _lock(product)
        image = ProductImage.objects.filter(pk=image.pk, product=product).first()
        if image is None:
            raise NotFound(_("Image not found."))
        storage, name = image.original.storage, image.original.name
        was_primary = image.is_primary
        image.delete()
        if was_primary:
            nxt = product.images.order_by("position", "pk").first()
            if nxt is not None:
                nxt.is_primary = True
                nxt.save(update_fields=["is_primary"])
        _after_content_edit(product, by=by, reviewed_changed=True)
        transaction.on_commit(lambda: storage.delete(name))


def product_image_reorder(*, product: Product, by: Any, order: Sequence[int]) -> None:
    """Set the order of the images (ids, first shown first); the first becomes the primary image."""
    _require_owner(product, by)
    with transaction.atomic():
        product = _lock(product)
        images = {img.pk: img for img in product.images.all()}
        if sorted(order) != sorted(images):
            raise ValidationError({"order": [_("List every image of this product exactly once.")]})
        product.images.update(is_primary=False)
        for position, pk in enumerate(order):
            img = images[pk]
            img.position = position
            img.is_primary = position == 0
            img.save(update_fields=["position", "is_primary"])
        _after_content_edit(product, by=by, reviewed_changed=True)


# --- variants -----------------------------------------------------------------------------------------------


def variant_update_stock_price(
    *, variant: Variant, by: Any, price: int | None = None, stock: int | None = None
) -> Variant:
    """Quick edit of one variant's price and stock. Never changes the listing status."""
    _require_owner(variant.product, by)
    errors: dict[str, list[str]] = {}
    if price is not None and (not isinstance(price, int) or isinstance(price, bool) or price <= 0):
        errors["price"] = [_("Enter a price above zero, in whole rupiah.")]
    elif price is not None and (price_errors := int_field_errors(Variant, "price", price)):
        errors["price"] = price_errors
    if stock is not None and (stock_errors := _stock_errors(stock)):
        errors["stock"] = stock_errors
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        product = _lock(variant.product)
        variant = Variant.objects.select_for_update().get(pk=variant.pk, product=product)
        if stock is not None:
            others = _stock_total(product) - variant.stock
            total = others + stock
            if not product.made_to_order and 0 < total < product.min_order_quantity:
                raise ValidationError(
                    {"stock": [_("Stock is below the minimum order quantity (%d).") % product.min_order_quantity]}
                )
            variant.stock = stock
        if price is not None:
            variant.price = price
        variant.save(update_fields=["price", "stock"])
        cheapest = product.variants.aggregate(m=Min("price"))["m"]
        if cheapest != product.price:
            product.price = cheapest
            product.save(update_fields=["price", "updated_at"])
        catalog_changed()
    return variant


# --- staff --------------------------------------------------------------------------------------------------


def product_set_featured(*, product: Product, by: Any, featured: bool) -> Product:
    """Staff choose the products shown as featured on the home page."""
    _require_staff(by)
    Product.objects.filter(pk=product.pk).update(featured=featured)
    catalog_changed()
    product.featured = featured
    return product


# --- reports ------------------------------------------------------------------------------------------------


def _hide_threshold() -> int:
    return max(1, int(getattr(settings, "REPORTS_HIDE_THRESHOLD", 3)))


def report_reporter_key(*, ip: str) -> str:
    """A keyed hash of a visitor's IP address: it tells two reports of one visitor apart without storing the IP."""
    return salted_hmac("catalog.report", ip or "-", algorithm="sha256").hexdigest()


def report_create(*, product: Product, reason: str, note: str = "", reporter: Any = None, reporter_key: str) -> Report:
    """A visitor reports a public listing. Guarantees: only public products can be reported (NotFound
    otherwise); one open report per visitor and product (ConflictError for a second); when the open reports reach
    ``settings.REPORTS_HIDE_THRESHOLD`` the product is hidden from the public (``hidden_by_reports``) until a
    moderator decides, and moderators are told through the review digest."""
    errors: dict[str, list[str]] = {}
    if reason not in Report.Reason.values:
        errors["reason"] = [_("Choose a reason.")]
    note = " ".join((note or "").split())
    if len(note) > 1000:
        errors["note"] = [_("Keep the note under 1000 characters.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Product.objects.public().select_for_update(of=("self",)).filter(pk=product.pk).first()
        if locked is None:
            raise NotFound(_("Product not found."))
        user = reporter if getattr(reporter, "is_authenticated", False) else None
        if Report.objects.filter(product=locked, status=Report.Status.OPEN, reporter_key=reporter_key).exists():
            raise ConflictError(_("You have already reported this listing. Moderators will look at it."))
        report = Report.objects.create(
            product=locked, reason=reason, note=note, reporter=user, reporter_key=reporter_key
        )
        open_count = Report.objects.filter(product=locked, status=Report.Status.OPEN).count()
        if open_count >= _hide_threshold() and not locked.hidden_by_reports:
            Product.objects.filter(pk=locked.pk).update(hidden_by_reports=True, updated_at=timezone.now())
            catalog_changed()
            notify(
                event="review_waiting",
                users=moderators_for(province=locked.artisan.province),
                context={"item": locked.name, "url": f"/{settings.ADMIN_URL}catalog/report/?status__exact=open"},
            )
    return report


def _close_reports(product: Product, *, by: Any, status: str, note: str) -> int:
    return Report.objects.filter(product=product, status=Report.Status.OPEN).update(
        status=status, decided_by=by, decided_at=timezone.now(), decision_note=note
    )


def product_reports_dismiss(*, product: Product, by: Any, note: str = "") -> int:
    """A moderator finds the listing fine: its open reports are dismissed (kept, with who and when) and the product
    is visible again. Returns how many reports were closed."""
    _require_staff(by)
    with transaction.atomic():
        product = _lock(product)
        closed = _close_reports(product, by=by, status=Report.Status.DISMISSED, note=(note or "").strip())
        if product.hidden_by_reports:
            product.hidden_by_reports = False
            product.save(update_fields=["hidden_by_reports", "updated_at"])
            catalog_changed()
    return closed


def product_take_down(*, product: Product, by: Any, reason: str) -> Product:
    """A moderator upholds the reports of a listing: a pending one is rejected, a published one archived (both
    with the reason, in the status history, told to the artisan); its open reports are closed as upheld and the
    report flag is cleared (the status now keeps it off the public catalogue)."""
    _require_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Tell the artisan why the listing is taken down.")]})
    with transaction.atomic():
        product = _lock(product)
        if product.status == S.PENDING:
            product.rejection_reason = reason
            LISTING.apply(instance=product, target=S.REJECTED, by=by, reason=reason, update_fields=["rejection_reason"])
        elif product.status == S.PUBLISHED:
            LISTING.apply(instance=product, target=S.ARCHIVED, by=by, reason=reason)
        elif not product.reports.filter(status=Report.Status.OPEN).exists():
            raise TransitionNotAllowed(
                _("This listing is %s: there is nothing to take down.") % product.get_status_display()
            )
        _close_reports(product, by=by, status=Report.Status.UPHELD, note=reason)
        catalog_changed()
        if product.hidden_by_reports:
            product.hidden_by_reports = False
            product.save(update_fields=["hidden_by_reports", "updated_at"])
            catalog_changed()
        notify(
            event="listing_rejected",
            users=[product.artisan.user],
            context={"product": product.name, "reason": reason, "url": f"/studio/products/{product.slug}/"},
        )
    return product
