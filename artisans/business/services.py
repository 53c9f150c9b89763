"""Writes of business profiles: the buyer saves their company, Dekranas moderators verify, reject or withdraw
the verification (a reason every time, kept in the history)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import PermissionDenied
from craftmarket.common.uploads import validate_document
from craftmarket.common.validators import npwp_validator

from .models import BUSINESS_VERIFICATION, BusinessProfile

S = BusinessProfile.Status
FIELDS = ("company_name", "country", "business_type", "tax_id", "website")
# A verified profile whose legal identity changes goes back to review.
REVIEWED = ("company_name", "country", "tax_id")


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = {k: (str(data.get(k) or "")).strip() for k in FIELDS}
    cleaned["country"] = cleaned["country"].upper()
    if cleaned["country"] == "ID":
        # NPWP is written with dots and dashes (01.234.567.8-901.000): only the digits count.
        cleaned["tax_id"] = "".join(ch for ch in cleaned["tax_id"] if ch not in ".- ")
    return cleaned


def _validate(profile: BusinessProfile) -> None:
    errors: dict[str, list[str]] = {}
    if len(profile.country) != 2 or not profile.country.isascii() or not profile.country.isalpha():
        errors["country"] = [_("Enter the two-letter country code, e.g. ID or AU.")]
    if not profile.tax_id:
        errors["tax_id"] = [_("Enter the company's tax or VAT id.")]
    elif profile.country == "ID":
        try:
            npwp_validator(profile.tax_id)
        except ValidationError:
            errors["tax_id"] = [_("An Indonesian company's NPWP has 15 or 16 digits.")]
    try:
        profile.full_clean(exclude=["user", "document", "status", *errors.keys()], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def business_profile_save(*, user: Any, data: Mapping[str, Any], document: IO[bytes] | None = None) -> BusinessProfile:
    """Create or edit ``user``'s business profile. Everything is checked before anything is written. A new
    profile waits for verification; a verified, rejected or withdrawn one whose company name, country or tax id
    changes goes back to waiting (with a history row)."""
    profile = BusinessProfile.objects.select_for_update().filter(user=user).first()
    created = profile is None
    if created:
        profile = BusinessProfile(user=user)
    before = {k: getattr(profile, k) for k in REVIEWED}
    for key, value in _clean(data).items():
        setattr(profile, key, value)
    _validate(profile)
    if document is not None:
        try:
            validate_document(document)
        except ValidationError as exc:
            raise ValidationError({"document": exc.messages}) from exc
        profile.document = document
    profile.save()
    changed = before != {k: getattr(profile, k) for k in REVIEWED}
    if created:
        profile.status_changes.create(from_status="", to_status=S.PENDING, actor=user, reason="created")
    elif changed and profile.status != S.PENDING:
        profile.verified_at = None
        BUSINESS_VERIFICATION.apply(
            instance=profile, target=S.PENDING, by=user, reason="edited", update_fields=["verified_at"]
        )
    return profile


def _require_moderator(profile: BusinessProfile, by: Any) -> None:
    if by is None or not by.is_authenticated or not by.has_perm("business.change_businessprofile"):
        raise PermissionDenied(_("Only Dekranas moderators can do this."))
    if profile.user_id == by.pk:
        raise PermissionDenied(_("Moderators cannot review their own profile."))


def _decide(profile: BusinessProfile, *, by: Any, target: str, reason: str) -> BusinessProfile:
    _require_moderator(profile, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason: the buyer and the history keep it.")]})
    with transaction.atomic():
        locked = BusinessProfile.objects.select_for_update().get(pk=profile.pk)
        BUSINESS_VERIFICATION.check(instance=locked, target=target)
        locked.verified_at = timezone.now() if target == S.VERIFIED else None
        BUSINESS_VERIFICATION.apply(instance=locked, target=target, by=by, reason=reason, update_fields=["verified_at"])
    return locked


def business_verify(*, profile: BusinessProfile, by: Any, reason: str) -> BusinessProfile:
    """A moderator verifies a waiting (or withdrawn) profile: business-only prices open to the buyer."""
    return _decide(profile, by=by, target=S.VERIFIED, reason=reason)


def business_reject(*, profile: BusinessProfile, by: Any, reason: str) -> BusinessProfile:
    """A moderator refuses a waiting profile; the buyer may correct it, which asks again."""
    return _decide(profile, by=by, target=S.REJECTED, reason=reason)


def business_revoke(*, profile: BusinessProfile, by: Any, reason: str) -> BusinessProfile:
    """A moderator withdraws a verification: business-only prices close to the buyer at once (a cart line at such
    a price becomes a price change the buyer confirms at checkout)."""
    return _decide(profile, by=by, target=S.REVOKED, reason=reason)
