"""Reads of business profiles, for the wholesale prices and the pages that show a buyer's company."""

from __future__ import annotations

from typing import Any

from .models import BusinessProfile


def is_verified_business(user: Any) -> bool:
    """True for a signed-in buyer whose business profile Dekranas verified. Reads ``user.business`` (one query
    the first time per user object, none after: Django caches the reverse one-to-one)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    try:
        profile = user.business
    except BusinessProfile.DoesNotExist:
        return False
    return profile.status == BusinessProfile.Status.VERIFIED


def business_profile_for(*, user: Any) -> BusinessProfile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return BusinessProfile.objects.filter(user=user).first()


def is_verified_business_id(user_id: int | None) -> bool:
    """``is_verified_business`` by user id (a cart knows its buyer's id without loading the user): one query."""
    if user_id is None:
        return False
    return BusinessProfile.objects.filter(user_id=user_id, status=BusinessProfile.Status.VERIFIED).exists()
