"""Which provinces a moderator covers. Superusers and members of "Dekranas moderator" cover all of them;
everyone else (members of "Dekranasda moderator") covers the provinces of their StaffProfile, none without one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from artisans.models import StaffProfile, User

NATIONAL_GROUP = "Dekranas moderator"
REGIONAL_GROUP = "Dekranasda moderator"

_CACHE_ATTR = "_moderator_provinces"


def moderator_provinces(user: Any) -> frozenset[str] | None:
    """The provinces ``user`` moderates: ``None`` means all of them; an empty set means none.

    Computed once per user object (one query for the groups, one for the profile), so a request pays it once.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return frozenset()
    if user.is_superuser:
        return None
    if hasattr(user, _CACHE_ATTR):
        return getattr(user, _CACHE_ATTR)
    provinces: frozenset[str] | None
    if user.groups.filter(name=NATIONAL_GROUP).exists():
        provinces = None
    else:
        codes = StaffProfile.objects.filter(user=user).values_list("provinces", flat=True).first() or []
        provinces = frozenset(codes)
    setattr(user, _CACHE_ATTR, provinces)
    return provinces


def scope(queryset: QuerySet, user: Any, lookup: str) -> QuerySet:
    """``queryset`` limited to the rows whose ``lookup`` (a province field path) ``user`` covers."""
    provinces = moderator_provinces(user)
    if provinces is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": sorted(provinces)})


def covers(user: Any, province: str) -> bool:
    provinces = moderator_provinces(user)
    return provinces is None or province in provinces


def moderators_for(*, province: str) -> list[Any]:
    """Active moderators who cover ``province``: the national group and the regional moderators whose staff
    profile names it (read in Python: profiles are few, and JSON containment is not portable to SQLite)."""
    national = list(User.objects.filter(is_active=True, is_staff=True, groups__name=NATIONAL_GROUP).distinct())
    regional = [
        user
        for user in User.objects.filter(is_active=True, is_staff=True, groups__name=REGIONAL_GROUP)
        .select_related("staff_profile")
        .distinct()
        if province in (getattr(getattr(user, "staff_profile", None), "provinces", None) or [])
    ]
    return [*national, *(user for user in regional if user not in national)]
