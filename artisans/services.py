"""Writes for accounts and artisan profiles."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from artisans.models import User


@transaction.atomic
def user_register(*, email: str, password: str, name: str, language: str = "id") -> User:
    """Create a buyer account. Raises ``ValidationError`` with field messages for a taken email or weak password."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [_("An account with this email already exists.")]})
    candidate = User(email=email, name=name.strip(), language=language)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    return User.objects.create_user(email=email, password=password, name=candidate.name, language=language)
