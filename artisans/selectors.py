"""Reads of artisan profiles, already scoped to what the caller may see and already joined."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan, ArtisanPhoto, ArtisanStatusChange, Certification, User
from artisans.scoping import moderator_provinces

PUBLIC_PRODUCTS_ON_PAGE = 24
# Needed before a profile can be submitted for review.
REQUIRED_TO_SUBMIT = (
    "business_name",
    "business_type",
    "province",
    "regency",
    "story",
    "nib",
    "address",
    "district",
    "postal_code",
    "phone",
)


def _badges_prefetch() -> Prefetch:
    return Prefetch(
        "certifications",
        queryset=Certification.objects.badges(timezone.localdate()).order_by("name", "pk"),
        to_attr="badges",
    )


def _photos_prefetch() -> Prefetch:
    return Prefetch("photos", queryset=ArtisanPhoto.objects.order_by("kind"), to_attr="photo_list")


def artisan_list_public(*, province: str = "", category: str = "") -> QuerySet[Artisan]:
    """Verified artisans, optionally in one province (ISO code) and one category (slug, the category or one of
    its children), with categories, badges and photos prefetched: a constant number of queries."""
    qs = Artisan.objects.public()
    if province:
        qs = qs.filter(province=province)
    if category:
        qs = qs.filter(Q(categories__slug=category) | Q(categories__parent__slug=category)).distinct()
    return qs.prefetch_related("categories", _badges_prefetch(), _photos_prefetch()).order_by("business_name", "pk")


def artisan_public_detail(*, slug: str, products: bool = True) -> Artisan:
    """The public page's artisan (404 unless verified) with categories, badges, photos and, in ``public_products``,
    its first published products with their images: the same number of queries however many there are."""
    prefetches: list = ["categories", _badges_prefetch(), _photos_prefetch()]
    if products:
        # By app label: artisans never imports catalog.
        product_model = apps.get_model("catalog", "Product")
        product_qs = (
            product_model.objects.public()
            .select_related("category")
            .prefetch_related("images")
            .order_by("-published_at", "-created_at", "pk")
        )
        prefetches.append(
            Prefetch("products", queryset=product_qs[:PUBLIC_PRODUCTS_ON_PAGE], to_attr="public_products")
        )
    artisan = Artisan.objects.public().filter(slug=slug).prefetch_related(*prefetches).first()
    if artisan is None:
        raise Http404("No such artisan.")
    return artisan


def artisan_for_user(*, user: User) -> Artisan | None:
    """The signed-in user's own profile (any status) with what the studio shows, or None for a buyer."""
    if not user.is_authenticated:
        return None
    return (
        Artisan.objects.filter(user=user)
        .select_related("user")
        .prefetch_related("categories", _photos_prefetch())
        .first()
    )


def artisan_latest_review(*, artisan: Artisan) -> ArtisanStatusChange | None:
    """The last status change, whose reason the studio shows (e.g. what a moderator asked to change)."""
    return artisan.status_changes.order_by("-created_at", "-pk").first()


def certifications_for_artisan(*, artisan: Artisan) -> QuerySet[Certification]:
    """The artisan's own certifications, checked or not."""
    return Certification.objects.filter(artisan=artisan).select_related("checked_by").order_by("name", "pk")


def certification_for_download(*, pk: int, user: User) -> Certification:
    """A certification whose document ``user`` may download: their own, or any for staff with the view
    permission. 404 otherwise, so that nobody learns which ids exist."""
    qs = Certification.objects.select_related("artisan")
    if not (user.is_authenticated and user.is_staff and user.has_perm("artisans.view_certification")):
        qs = qs.filter(artisan__user_id=user.pk)
    elif (provinces := moderator_provinces(user)) is not None:  # a regional moderator: their provinces only
        qs = qs.filter(Q(artisan__user_id=user.pk) | Q(artisan__province__in=sorted(provinces)))
    certification = qs.filter(pk=pk).first()
    if certification is None:
        raise Http404("No such certification.")
    return certification


def artisan_missing_for_submit(*, artisan: Artisan) -> dict[str, list[str]]:
    """What the owner must still fill in before submitting, as field messages (empty when ready)."""
    errors: dict[str, list[str]] = {
        name: [_("This field is required before you submit for review.")]
        for name in REQUIRED_TO_SUBMIT
        if not getattr(artisan, name)
    }
    if not artisan.categories.all():
        errors["categories"] = [_("Choose at least one craft category.")]
    if not artisan.user.email_verified:
        errors["email"] = [_("Verify your email address first: use the link we emailed you.")]
    return errors
