"""Writes for accounts, artisan profiles, their photos and certifications, and the verification lifecycle.

Every function is keyword-only and runs in one transaction. Bad input raises Django's ``ValidationError`` with
field messages; a refused operation raises a ``DomainError`` (``TransitionNotAllowed`` for the lifecycle,
``PermissionDenied`` for the wrong person). Nothing is saved half-way, and a file written by a save that then
fails is removed again.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import nh3
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from artisans import selectors, tasks
from artisans.models import VERIFICATION, YEAR_FOUNDED_MIN, Artisan, ArtisanPhoto, Certification, User
from artisans.scoping import moderators_for
from craftmarket.common.catalogue_cache import public_catalogue_changed
from craftmarket.common.errors import ConflictError, DomainError, PermissionDenied, TransitionNotAllowed
from craftmarket.common.notifications import notify
from craftmarket.common.uploads import check_upload_quota, validate_document, validate_image
from craftmarket.common.validators import normalize_id_phone

MODERATOR_GROUP = "Dekranas moderator"
EMAIL_VERIFY_SALT = "artisans.email-verify"
EMAIL_VERIFY_MAX_AGE = 3 * 24 * 3600

# Fields the owner edits. Changing a legal one on a verified profile sends it back to review.
PROFILE_FIELDS = frozenset(
    {
        "business_name",
        "province",
        "regency",
        "story",
        "year_founded",
        "business_type",
        "workers",
        "categories",
        "techniques",
        "materials",
        "capacity_per_month",
        "lead_time_days",
        "export_experience",
        "export_markets",
        "nib",
        "rex_number",
        "address",
        "district",
        "postal_code",
        "phone",
        "whatsapp",
    }
)
LEGAL_FIELDS = ("business_name", "nib", "business_type")
LIST_FIELDS = ("techniques", "materials", "export_markets")
TEXT_FIELDS = ("business_name", "regency", "nib", "address", "district", "postal_code", "business_type", "province")
STORY_MAX_LENGTH = 5000
RESERVED_SLUGS = frozenset({"me", "new", "submit", "edit"})
MAX_LIST_ITEMS = 20
MAX_LIST_ITEM_LENGTH = 60


# --- Accounts ------------------------------------------------------------------------------------------------


@transaction.atomic
def user_register(*, email: str, password: str, name: str, language: str = "id") -> User:
    """Create a buyer account and send the email-verification link after commit.

    Raises ``ValidationError`` with field messages for a taken email or weak password.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [_("An account with this email already exists.")]})
    candidate = User(email=email, name=name.strip(), language=language)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user = User.objects.create_user(email=email, password=password, name=candidate.name, language=language)
    user_send_verification_email(user=user)
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Remember the interface (and email) language of ``user``: one of settings.LANGUAGES, else a ``language``
    field error and nothing saved."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose Bahasa Indonesia or English.")]})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def user_set_display_currency(*, user: User, currency: str) -> User:
    """Remember the currency ``user`` sees prices in (one of settings.DISPLAY_CURRENCIES, else a ``currency``
    field error and nothing saved)."""
    if currency not in settings.DISPLAY_CURRENCIES:
        raise ValidationError({"currency": [_("Choose one of the offered currencies.")]})
    if user.display_currency != currency:
        user.display_currency = currency
        user.save(update_fields=["display_currency"])
    return user


def email_verification_token(*, user: User) -> str:
    """A signed, timestamped token naming the user and the address being verified."""
    return signing.dumps({"u": user.pk, "e": user.email}, salt=EMAIL_VERIFY_SALT, compress=True)


def user_send_verification_email(*, user: User) -> None:
    """Email ``user`` a link that verifies their address; the mail leaves only when the transaction commits."""
    if user.email_verified:
        return
    url = settings.SITE_URL.rstrip("/") + reverse("verify-email", kwargs={"token": email_verification_token(user=user)})
    with translation.override(user.language):
        subject = _("Confirm your email address for Craftmarket")
        body = render_to_string("registration/verify_email_email.txt", {"user": user, "url": url})
    recipient = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))


@transaction.atomic
def user_verify_email(*, token: str) -> User:
    """Mark the address in ``token`` as verified. Idempotent; refuses a tampered, expired or outdated link."""
    invalid = DomainError(_("This link is invalid or has expired. Ask for a new one."), code="invalid_token")
    try:
        data = signing.loads(token, salt=EMAIL_VERIFY_SALT, max_age=EMAIL_VERIFY_MAX_AGE)
    except signing.BadSignature:
        raise invalid
    user = User.objects.select_for_update().filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("e"):
        raise invalid
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


# --- Profile input -------------------------------------------------------------------------------------------


def sanitize_story(raw: str) -> str:
    """Plain text only: every tag is stripped (script and style with their content), entities decoded.

    Looping until stable means that escaped markup (``&lt;script&gt;``) cannot come back as a tag either.
    """
    text = raw or ""
    for _round in range(5):
        cleaned = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))
        if cleaned == text:
            break
        text = cleaned
    text = text.replace("<", "‹").replace(">", "›") if re.search(r"<\s*[a-zA-Z!/?]", text) else text
    return re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n")).strip()


def _clean_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Give a list of words, separated by commas."))
    items: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValidationError(_("Give a list of words, separated by commas."))
        item = " ".join(nh3.clean(item, tags=set()).split())
        if not item:
            continue
        if len(item) > MAX_LIST_ITEM_LENGTH:
            raise ValidationError(_("Each item can be at most %(n)d characters.") % {"n": MAX_LIST_ITEM_LENGTH})
        if item.lower() not in {i.lower() for i in items}:
            items.append(item)
    if len(items) > MAX_LIST_ITEMS:
        raise ValidationError(_("At most %(n)d items.") % {"n": MAX_LIST_ITEMS})
    return items


def _category_ids(value: Iterable[Any]) -> list[int]:
    category_model = Artisan.categories.field.related_model
    ids: set[int] = set()
    for item in value or []:
        pk = getattr(item, "pk", item)
        try:
            ids.add(int(pk))
        except (TypeError, ValueError):
            raise ValidationError(_("Choose categories from the list."))
    if any(not 0 < pk < 2**63 for pk in ids):
        raise ValidationError(_("Choose categories from the list."))
    found = set(category_model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if found != ids:
        raise ValidationError(_("Choose categories from the list."))
    return sorted(ids)


def _apply_profile(artisan: Artisan, data: Mapping[str, Any]) -> list[int] | None:
    """Normalise ``data`` onto ``artisan`` (unsaved) and validate the whole row. Returns category ids to set."""
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    categories: list[int] | None = None
    for name, value in data.items():
        try:
            if name == "categories":
                categories = _category_ids(value)
                continue
            if name in ("phone", "whatsapp"):
                value = normalize_id_phone(value) if (value or "").strip() else ""
            elif name == "story":
                value = sanitize_story(value or "")
                if len(value) > STORY_MAX_LENGTH:
                    raise ValidationError(_("The story can be at most %(n)d characters.") % {"n": STORY_MAX_LENGTH})
            elif name in LIST_FIELDS:
                value = _clean_list(value)
            elif name in TEXT_FIELDS:
                value = " ".join(html.unescape(nh3.clean(str(value or ""), tags=set())).split())
                if name == "nib":
                    value = value.replace(" ", "")
            elif name == "year_founded" and value not in (None, ""):
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise ValidationError(_("Enter a whole number."))
                if not YEAR_FOUNDED_MIN <= value <= timezone.localdate().year:
                    raise ValidationError(
                        _("Enter a year between 1900 and %(year)d.") % {"year": timezone.localdate().year}
                    )
            elif name == "export_experience":
                value = bool(value)
            setattr(artisan, name, value)
        except ValidationError as exc:
            errors[name] = exc.messages
    try:
        artisan.full_clean(exclude=["user", "slug", *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            key = "nib" if field == "__all__" and any("NIB" in m for m in messages) else field
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return categories


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "ikm")[:120].strip("-") or "ikm"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Artisan.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save_profile(artisan: Artisan, categories: list[int] | None, *, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            artisan.save(update_fields=update_fields)
    except IntegrityError as exc:
        # Two owners racing for one NIB: the constraint decides, the loser gets the field message.
        if "nib" in str(exc).lower():
            raise ValidationError({"nib": [_("Another artisan is already registered with this NIB.")]})
        # The same user creating twice at once, or two new profiles taking one slug: nothing was saved.
        raise ConflictError(_("Your profile changed at the same time elsewhere. Try again."), code="conflict")
    if categories is not None:
        artisan.categories.set(categories)


def _require_owner_or_moderator(artisan: Artisan, by: Any) -> None:
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    if artisan.user_id != by.pk and not by.has_perm("artisans.change_artisan"):
        raise PermissionDenied(_("This is not your profile."))


def _require_moderator(artisan: Artisan, by: Any) -> None:
    if by is None or not by.is_authenticated or not by.has_perm("artisans.change_artisan"):
        raise PermissionDenied(_("Only Dekranas moderators can do this."))
    if artisan.user_id == by.pk:
        raise PermissionDenied(_("Moderators cannot review their own profile."))


def _notify_review_waiting(artisan: Artisan) -> None:
    """Moderators of the artisan's province (national and regional) hear of it in their 15-minute digest."""
    notify(
        event="review_waiting",
        users=moderators_for(province=artisan.province),
        context={"item": artisan.business_name, "url": reverse("admin:artisans_artisanreviewqueue_changelist")},
    )


@transaction.atomic
def artisan_create(*, user: User, data: Mapping[str, Any]) -> Artisan:
    """Create ``user``'s draft profile (a buyer applying to become an artisan).

    ``data`` needs ``business_name`` and ``province``; any other profile field may come too. One profile per user
    (ConflictError otherwise); the slug is made from the business name and never changes afterwards.
    """
    if Artisan.objects.filter(user=user).exists():
        raise ConflictError(_("You already have an artisan profile."), code="exists")
    artisan = Artisan(user=user, status=Artisan.Status.DRAFT)
    categories = _apply_profile(artisan, data)
    artisan.slug = _unique_slug(artisan.business_name)
    _save_profile(artisan, categories)
    return artisan


@transaction.atomic
def artisan_update(*, artisan: Artisan, by: User, data: Mapping[str, Any]) -> Artisan:
    """Change profile fields. Guarantees: all or nothing; a change of business name, NIB or business type on a
    verified profile moves it back to ``submitted`` (with a history row) so that moderators review it again;
    story, photos and the other fields never change the status."""
    _require_owner_or_moderator(artisan, by)
    locked = Artisan.objects.select_for_update().get(pk=artisan.pk)
    before = {name: getattr(locked, name) for name in LEGAL_FIELDS}
    categories = _apply_profile(locked, data)
    fields = [name for name in data if name != "categories"]
    _save_profile(locked, categories, update_fields=[*fields, "updated_at"] if fields else ["updated_at"])
    changed = [name for name in LEGAL_FIELDS if getattr(locked, name) != before[name]]
    if changed and locked.status == Artisan.Status.VERIFIED:
        labels = ", ".join(str(Artisan._meta.get_field(name).verbose_name) for name in changed)
        VERIFICATION.apply(
            instance=locked,
            target=Artisan.Status.SUBMITTED,
            by=by,
            reason=_("Legal details changed: %(fields)s.") % {"fields": labels},
        )
        _notify_review_waiting(locked)
    _copy_state(locked, artisan)
    return artisan


def _copy_state(source: Artisan, target: Artisan) -> None:
    if source is target:
        return
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._prefetched_objects_cache = {}


def _transition(
    artisan: Artisan, *, target: str, by: User, reason: str, source: str | None = None, extra: Mapping[str, Any] = ()
) -> Artisan:
    """Lock the row, apply one step of VERIFICATION (only from ``source`` when given) and copy the result back."""
    locked = Artisan.objects.select_for_update().select_related("user").get(pk=artisan.pk)
    VERIFICATION.check(instance=locked, target=target)
    if source is not None and locked.status != source:
        # Two services reach ``verified``: verify reviews a submission, reinstate lifts a suspension.
        raise TransitionNotAllowed(
            _("%(machine)s: cannot go from '%(current)s' to '%(target)s' this way.")
            % {
                "machine": VERIFICATION.name,
                "current": locked.get_status_display(),
                "target": Artisan.Status(target).label,
            }
        )
    for name, value in dict(extra).items():
        setattr(locked, name, value)
    was_public = locked.status == Artisan.Status.VERIFIED
    VERIFICATION.apply(instance=locked, target=target, by=by, reason=reason, update_fields=list(dict(extra)))
    if was_public or target == Artisan.Status.VERIFIED:
        # The artisan's products appear or vanish: cached public lists must not outlive the change.
        public_catalogue_changed()
    _copy_state(locked, artisan)
    return locked


@transaction.atomic
def artisan_submit(*, artisan: Artisan, by: User, reason: str = "") -> Artisan:
    """The owner sends the profile for review (from draft or changes requested). Refuses an incomplete profile
    with field messages and an unverified email; tells moderators through the review digest."""
    if by is None or artisan.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Only the owner can submit this profile."))
    locked = Artisan.objects.select_for_update().select_related("user").get(pk=artisan.pk)
    VERIFICATION.check(instance=locked, target=Artisan.Status.SUBMITTED)
    if locked.status == Artisan.Status.VERIFIED:
        # verified -> submitted happens only through a legal change (artisan_update), never on request.
        raise TransitionNotAllowed(_("Your profile is already verified."), code="already_verified")
    errors = selectors.artisan_missing_for_submit(artisan=locked)
    if errors:
        raise ValidationError(errors)
    _transition(artisan, target=Artisan.Status.SUBMITTED, by=by, reason=reason)
    _notify_review_waiting(artisan)
    return artisan


@transaction.atomic
def artisan_verify(*, artisan: Artisan, by: User, reason: str = "") -> Artisan:
    """A moderator verifies a submitted profile: it becomes public and may publish products."""
    _require_moderator(artisan, by)
    locked = _transition(
        artisan,
        target=Artisan.Status.VERIFIED,
        source=Artisan.Status.SUBMITTED,
        by=by,
        reason=reason,
        extra={"verified_at": timezone.now()},
    )
    notify(
        event="profile_verified",
        users=[locked.user],
        context={"artisan_id": locked.pk, "business_name": locked.business_name, "reason": reason},
    )
    return artisan


@transaction.atomic
def artisan_request_changes(*, artisan: Artisan, by: User, reason: str = "") -> Artisan:
    """A moderator sends a submitted profile back to its owner; the reason is required and shown to the owner."""
    _require_moderator(artisan, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Tell the artisan what to change.")]})
    locked = _transition(artisan, target=Artisan.Status.CHANGES_REQUESTED, by=by, reason=reason)
    notify(
        event="profile_changes_requested",
        users=[locked.user],
        context={"artisan_id": locked.pk, "business_name": locked.business_name, "reason": reason},
    )
    return artisan


@transaction.atomic
def artisan_suspend(*, artisan: Artisan, by: User, reason: str = "") -> Artisan:
    """A moderator suspends a verified artisan: its page, API entry and every product leave the public at once
    (``Artisan.objects.public()`` and ``Product.objects.public()`` both require ``verified``)."""
    _require_moderator(artisan, by)
    locked = _transition(artisan, target=Artisan.Status.SUSPENDED, by=by, reason=(reason or "").strip())
    notify(
        event="profile_suspended",
        users=[locked.user],
        context={"artisan_id": locked.pk, "business_name": locked.business_name, "reason": reason},
    )
    return artisan


@transaction.atomic
def artisan_reinstate(*, artisan: Artisan, by: User, reason: str = "") -> Artisan:
    """A moderator lifts a suspension: the artisan is verified (and public) again."""
    _require_moderator(artisan, by)
    locked = _transition(
        artisan,
        target=Artisan.Status.VERIFIED,
        source=Artisan.Status.SUSPENDED,
        by=by,
        reason=(reason or "").strip(),
    )
    notify(
        event="profile_verified",
        users=[locked.user],
        context={"artisan_id": locked.pk, "business_name": locked.business_name, "reason": reason, "reinstated": True},
    )
    return artisan


# --- Files ---------------------------------------------------------------------------------------------------


def _delete_on_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _save_with_file(instance: Any, field: str) -> None:
    """Save ``instance``; if the row cannot be written, remove the file the save just stored."""
    try:
        with transaction.atomic():
            instance.save()
    except Exception:
        stored = getattr(instance, field)
        if stored and stored.name:
            stored.storage.delete(stored.name)
        raise


def _stored_size(field_file: Any) -> int:
    """The size of a stored file, 0 when there is none (the quota does not count what a write replaces)."""
    if not field_file or not field_file.name:
        return 0
    try:
        return field_file.storage.size(field_file.name)
    except (FileNotFoundError, OSError):
        return 0


@transaction.atomic
def artisan_photo_set(*, artisan: Artisan, by: User, kind: str, upload: Any, alt_text: str = "") -> ArtisanPhoto:
    """Set (or replace) the logo or cover photo. The upload is checked by its bytes; the old original is deleted
    after commit and the renditions are made by the ``images`` worker after commit."""
    _require_owner_or_moderator(artisan, by)
    if kind not in ArtisanPhoto.Kind.values:
        raise ValidationError({"kind": [_("Choose logo or cover.")]})
    try:
        validate_image(upload)
    except ValidationError as exc:
        raise ValidationError({kind: exc.messages})
    alt_text = " ".join(nh3.clean(alt_text or "", tags=set()).split())[:200] or (
        f"{artisan.business_name} – {ArtisanPhoto.Kind(kind).label}"
    )
    photo = ArtisanPhoto.objects.select_for_update().filter(artisan=artisan, kind=kind).first()
    try:
        check_upload_quota(user=artisan.user, uploads=[upload], freed=_stored_size(photo.original) if photo else 0)
    except ValidationError as exc:
        raise ValidationError({kind: exc.messages})
    old_name = ""
    if photo is None:
        photo = ArtisanPhoto(artisan=artisan, kind=kind)
    else:
        old_name = photo.original.name
    photo.original = upload
    photo.alt_text = alt_text
    photo.status = ArtisanPhoto.Status.PENDING
    photo.failure_reason = ""
    photo.renditions = []
    try:
        _save_with_file(photo, "original")
    except IntegrityError:
        # Two first uploads of the same kind at once: the constraint keeps one, the other is told to retry.
        raise ConflictError(_("Another upload of this photo is in progress. Try again."), code="photo_conflict")
    if old_name and old_name != photo.original.name:
        _delete_on_commit(photo.original.storage, old_name)
    photo_id = photo.pk
    transaction.on_commit(lambda: tasks.render_artisan_photo.delay(photo_id))
    return photo


@transaction.atomic
def artisan_photos_set(*, artisan: Artisan, by: User, photos: Mapping[str, Any]) -> list[ArtisanPhoto]:
    """Set the logo and/or the cover at once: every upload is checked before any is stored, so a bad cover
    never leaves a stored logo behind."""
    _require_owner_or_moderator(artisan, by)
    errors: dict[str, list[str]] = {}
    for kind, upload in photos.items():
        if kind not in ArtisanPhoto.Kind.values:
            errors[kind] = [_("Choose logo or cover.")]
            continue
        try:
            validate_image(upload)
        except ValidationError as exc:
            errors[kind] = exc.messages
    if not errors:
        replaced = ArtisanPhoto.objects.filter(artisan=artisan, kind__in=list(photos))
        try:
            check_upload_quota(
                user=artisan.user, uploads=photos.values(), freed=sum(_stored_size(p.original) for p in replaced)
            )
        except ValidationError as exc:
            errors = dict.fromkeys(photos, exc.messages)
    if errors:
        raise ValidationError(errors)
    return [artisan_photo_set(artisan=artisan, by=by, kind=kind, upload=upload) for kind, upload in photos.items()]


@transaction.atomic
def artisan_photo_delete(*, photo: ArtisanPhoto, by: User) -> None:
    """Remove a logo or cover; its original is deleted after commit."""
    _require_owner_or_moderator(photo.artisan, by)
    name, storage = photo.original.name, photo.original.storage
    photo.delete()
    _delete_on_commit(storage, name)


CERTIFICATION_FIELDS = ("name", "issuer", "number", "valid_until")


def _apply_certification(certification: Certification, data: Mapping[str, Any], document: Any) -> None:
    unknown = set(data) - set(CERTIFICATION_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        if isinstance(value, str):
            value = " ".join(nh3.clean(value, tags=set()).split())
        setattr(certification, name, value)
    if document is not None:
        try:
            document_type = validate_document(document)
            check_upload_quota(
                user=certification.artisan.user, uploads=[document], freed=_stored_size(certification.document)
            )
            certification.document_type = document_type
            certification.document = document
        except ValidationError as exc:
            errors["document"] = exc.messages
    exclude = ["artisan", "checked_by", *errors]
    try:
        certification.full_clean(exclude=exclude)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def certification_create(*, artisan: Artisan, by: User, data: Mapping[str, Any], document: Any) -> Certification:
    """Add a certification with its document (PDF or image, private). It shows as a badge only once checked."""
    _require_owner_or_moderator(artisan, by)
    certification = Certification(artisan=artisan)
    if document is None:
        raise ValidationError({"document": [_("Upload the certificate as a PDF or a photo.")]})
    _apply_certification(certification, data, document)
    _save_with_file(certification, "document")
    return certification


@transaction.atomic
def certification_update(
    *, certification: Certification, by: User, data: Mapping[str, Any], document: Any = None
) -> Certification:
    """Change a certification. Any change of its facts or document clears the moderator's check."""
    _require_owner_or_moderator(certification.artisan, by)
    old_name = certification.document.name
    before = {name: getattr(certification, name) for name in CERTIFICATION_FIELDS}
    _apply_certification(certification, data, document)
    changed = document is not None or any(getattr(certification, n) != before[n] for n in CERTIFICATION_FIELDS)
    if certification.valid_until != before["valid_until"]:  # renewed: remind again before the new date
        certification.reminded_30_at = certification.reminded_7_at = None
    if changed:
        certification.checked_at = None
        certification.checked_by = None
    _save_with_file(certification, "document")
    if document is not None and old_name and old_name != certification.document.name:
        _delete_on_commit(certification.document.storage, old_name)
    return certification


@transaction.atomic
def certification_delete(*, certification: Certification, by: User) -> None:
    """Remove a certification and, after commit, its document."""
    _require_owner_or_moderator(certification.artisan, by)
    name, storage = certification.document.name, certification.document.storage
    certification.delete()
    _delete_on_commit(storage, name)


@transaction.atomic
def certification_check(*, certification: Certification, by: User, reason: str = "") -> Certification:
    """A moderator confirms the certificate is genuine; from then until it expires it shows as a badge."""
    if by is None or not by.is_authenticated or not by.has_perm("artisans.change_certification"):
        raise PermissionDenied(_("Only Dekranas moderators can check certifications."))
    if certification.artisan.user_id == by.pk:
        raise PermissionDenied(_("Moderators cannot check their own certifications."))
    if certification.is_expired:
        raise DomainError(_("This certification has expired."), code="expired", field="valid_until")
    certification.checked_by = by
    certification.checked_at = timezone.now()
    certification.save(update_fields=["checked_by", "checked_at", "updated_at"])
    return certification


@transaction.atomic
def artisan_set_outstanding(*, artisan: Artisan, outstanding: bool, on: date) -> Artisan:
    """Give or take away the "Outstanding artisan" badge, as the nightly performance job decided for day ``on``.

    Idempotent: an artisan who keeps the badge keeps the day they first earned it; one who loses it has None.
    Only a verified artisan can hold it (a suspended one loses it the next night). Writes only when it changes.
    """
    locked = Artisan.objects.select_for_update().get(pk=artisan.pk)
    outstanding = outstanding and locked.status == Artisan.Status.VERIFIED
    since = (locked.outstanding_since or on) if outstanding else None
    if since != locked.outstanding_since:
        locked.outstanding_since = since
        locked.save(update_fields=["outstanding_since", "updated_at"])
        public_catalogue_changed()
    artisan.outstanding_since = locked.outstanding_since
    return artisan


# --- Certificate expiry ---------------------------------------------------------------------------------------
REMINDER_DAYS = (30, 7)


def certification_send_expiry_reminders(*, today: datetime.date | None = None) -> int:
    """Remind artisans of checked certifications that expire within 30 and within 7 days: each reminder once per
    expiry date (a certification first seen with 7 days or fewer left gets only the 7-day one). Each reminder is
    claimed with a conditional UPDATE before it is sent, so two runs at once never send it twice. Returns how many
    reminders were sent. The badge itself disappears at expiry (``CertificationQuerySet.badges``)."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    due = (
        Certification.objects.filter(checked_at__isnull=False, valid_until__gte=today)
        .filter(
            Q(valid_until__lte=today + datetime.timedelta(days=7), reminded_7_at__isnull=True)
            | Q(valid_until__lte=today + datetime.timedelta(days=30), reminded_30_at__isnull=True)
        )
        .select_related("artisan__user")
        .order_by("pk")
    )
    for certification in due:
        days_left = (certification.valid_until - today).days
        field = "reminded_7_at" if days_left <= 7 else "reminded_30_at"
        with transaction.atomic():
            claimed = Certification.objects.filter(
                pk=certification.pk, valid_until=certification.valid_until, **{f"{field}__isnull": True}
            ).update(**{field: now})
            if not claimed:
                continue
            if field == "reminded_7_at":  # the 30-day one is moot now
                Certification.objects.filter(pk=certification.pk, reminded_30_at__isnull=True).update(
                    reminded_30_at=now
                )
            notify(
                event="certification_expiring",
                users=[certification.artisan.user],
                context={
                    "item": certification.name,
                    "valid_until": f"{certification.valid_until:%d-%m-%Y}",
                    "days": days_left,
                    "url": reverse("studio:certification-edit", kwargs={"pk": certification.pk}),
                },
            )
            sent += 1
    return sent


def certifications_expiring_this_month(*, today: datetime.date | None = None) -> Any:
    """Checked certifications whose validity ends in the current calendar month (moderators' view)."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return Certification.objects.filter(valid_until__gte=first, valid_until__lte=last).select_related("artisan")
