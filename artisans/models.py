from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from craftmarket.common.regions import PROVINCE_CHOICES


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in: buyers, artisans (users with an ``artisan`` profile) and Dekranas staff."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=8, default="id", choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )
    email_verified = models.BooleanField(_("email verified"), default=False)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_artisan(self) -> bool:
        return hasattr(self, "artisan")


class ArtisanQuerySet(models.QuerySet["Artisan"]):
    def public(self) -> ArtisanQuerySet:
        """Artisans whose page and products the public may see: verified, not suspended."""
        return self.filter(status=Artisan.Status.VERIFIED)


class Artisan(models.Model):
    """An IKM's profile. The artisans issue adds the rest of the profile fields."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SUSPENDED = "suspended", _("Suspended")

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="artisan", verbose_name=_("user"))
    business_name = models.CharField(_("business name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    province = models.CharField(_("province"), max_length=5, choices=PROVINCE_CHOICES, db_index=True)
    regency = models.CharField(_("regency / city"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArtisanQuerySet.as_manager()

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["business_name"]

    def __str__(self) -> str:
        return self.business_name

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.VERIFIED
