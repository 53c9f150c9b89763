from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from craftmarket.common import ratings
from craftmarket.common.regions import PROVINCE_CHOICES, province_name
from craftmarket.common.statemachine import StateMachine, table
from craftmarket.common.storage import private_storage
from craftmarket.common.validators import (
    INTEGER_MAX,
    LEAD_TIME_DAYS_MAX,
    SMALLINT_MAX,
    int_range,
    nib_validator,
    postal_code_validator,
    rex_validator,
)

# The service also refuses a year in the future (artisans.services._apply_profile).
YEAR_FOUNDED_MIN = 1900


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
    # Prices shown in this currency besides rupiah (README "Display currencies"); blank: the language's default.
    display_currency = models.CharField(_("display currency"), max_length=3, blank=True, default="")
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
    """An IKM's profile: public story and facts, private legal and contact details, and its verification status.

    NIB, the address and the phone numbers are private: only the owner and moderators see them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SUSPENDED = "suspended", _("Suspended")

    class BusinessType(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual / family workshop")
        KELOMPOK = "kelompok", _("Group of makers (kelompok)")
        COOPERATIVE = "cooperative", _("Cooperative (koperasi)")
        COMPANY = "company", _("Company (CV / PT)")

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="artisan", verbose_name=_("user"))
    business_name = models.CharField(_("business name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    province = models.CharField(_("province"), max_length=5, choices=PROVINCE_CHOICES, db_index=True)
    regency = models.CharField(_("regency / city"), max_length=80, blank=True)

    # Public profile
    story = models.TextField(
        _("story"), max_length=5000, blank=True, help_text=_("Plain text: who you are, how and where you work.")
    )
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=int_range(YEAR_FOUNDED_MIN, SMALLINT_MAX)
    )
    business_type = models.CharField(_("business type"), max_length=12, choices=BusinessType.choices, blank=True)
    workers = models.PositiveIntegerField(
        _("number of workers"), null=True, blank=True, validators=int_range(0, INTEGER_MAX)
    )
    categories = models.ManyToManyField(
        "catalog.Category", related_name="artisans", blank=True, verbose_name=_("craft categories")
    )
    techniques = models.JSONField(_("techniques"), default=list, blank=True)
    materials = models.JSONField(_("materials"), default=list, blank=True)
    capacity_per_month = models.PositiveIntegerField(
        _("production capacity (units a month)"), null=True, blank=True, validators=int_range(0, INTEGER_MAX)
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("typical lead time (days)"), null=True, blank=True, validators=int_range(0, LEAD_TIME_DAYS_MAX)
    )
    export_experience = models.BooleanField(_("has exported before"), default=False)
    export_markets = models.JSONField(_("export markets"), default=list, blank=True)

    # Private: owner and moderators only
    nib = models.CharField(
        _("NIB"), max_length=13, blank=True, validators=[nib_validator], help_text=_("13 digits, from OSS.")
    )
    address = models.CharField(
        _("street address"), max_length=255, blank=True, help_text=_("Street and number, RT/RW, kelurahan/desa.")
    )
    # EU/UK GSP: the Registered Exporter number printed in the statement on origin of commercial invoices.
    rex_number = models.CharField(
        _("REX number"),
        max_length=40,
        blank=True,
        validators=[rex_validator],
        help_text=_("Registered Exporter number for EU/UK preferences, e.g. IDREX3171234567890123."),
    )
    district = models.CharField(_("district (kecamatan)"), max_length=80, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True, validators=[postal_code_validator])
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=16, blank=True)

    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    # The aggregate of the visible reviews of the artisan's products, kept by orders.reviews.services.
    rating_count = ratings.count_field()
    rating_sum = ratings.sum_field()
    rating_average = ratings.average_field()
    # Set by the nightly performance job (orders.performance) through ``artisan_set_outstanding``: the day since
    # which the artisan has met every "Outstanding artisan" threshold; None while they do not.
    outstanding_since = models.DateField(_("outstanding artisan since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArtisanQuerySet.as_manager()

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["business_name"]
        constraints = [
            *ratings.rating_constraints("artisan"),
            models.UniqueConstraint(
                fields=["nib"],
                condition=~Q(nib=""),
                name="artisan_nib_unique",
                violation_error_message=_("Another artisan is already registered with this NIB."),
            ),
            models.CheckConstraint(condition=Q(nib="") | Q(nib__regex=r"^[0-9]{13}$"), name="artisan_nib_13_digits"),
            models.CheckConstraint(
                condition=Q(rex_number="") | Q(rex_number__regex=r"^IDREX[0-9A-Z]{6,35}$"), name="artisan_rex_shape"
            ),
            models.CheckConstraint(
                condition=Q(postal_code="") | Q(postal_code__regex=r"^[0-9]{5}$"), name="artisan_postal_code_5_digits"
            ),
            models.CheckConstraint(
                condition=Q(year_founded__isnull=True) | Q(year_founded__gte=1900), name="artisan_year_founded_sane"
            ),
        ]

    def __str__(self) -> str:
        return self.business_name

    def get_absolute_url(self) -> str:
        return reverse("artisans:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def can_publish(self) -> bool:
        """Only verified (and not suspended) artisans may publish products."""
        return self.status == self.Status.VERIFIED

    @property
    def province_name(self) -> str:
        return province_name(self.province)

    @property
    def is_outstanding(self) -> bool:
        """The public "Perajin Unggulan / Outstanding artisan" badge: set nightly, shown only while public."""
        return self.outstanding_since is not None and self.is_public


class ArtisanStatusChange(models.Model):
    """One step of an artisan's verification: who moved it, from where to where, and why."""

    artisan = models.ForeignKey(
        Artisan, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("artisan")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Artisan.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Artisan.Status.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("artisan status change")
        verbose_name_plural = _("artisan status changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.artisan_id}: {self.from_status} → {self.to_status}"


VERIFICATION = StateMachine(
    name="Artisan verification",
    field="status",
    transitions=table(
        {
            Artisan.Status.DRAFT: [Artisan.Status.SUBMITTED],
            Artisan.Status.SUBMITTED: [Artisan.Status.VERIFIED, Artisan.Status.CHANGES_REQUESTED],
            Artisan.Status.CHANGES_REQUESTED: [Artisan.Status.SUBMITTED],
            # A verified profile goes back to review when its legal fields change, or is suspended.
            Artisan.Status.VERIFIED: [Artisan.Status.SUSPENDED, Artisan.Status.SUBMITTED],
            Artisan.Status.SUSPENDED: [Artisan.Status.VERIFIED],
        }
    ),
    history_model="artisans.ArtisanStatusChange",
    subject_field="artisan",
    labels=dict(Artisan.Status.choices),
)


class ArtisanPhoto(models.Model):
    """The logo or the cover photo. Same fields as ``catalog.ProductImage``: one rendition pipeline serves both."""

    class Kind(models.TextChoices):
        LOGO = "logo", _("Logo")
        COVER = "cover", _("Cover photo")

    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    artisan = models.ForeignKey(Artisan, on_delete=models.CASCADE, related_name="photos", verbose_name=_("artisan"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    original = models.FileField(_("original"), upload_to="originals/artisans/%Y/%m/", storage=private_storage)
    alt_text = models.CharField(_("alt text"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("artisan photo")
        verbose_name_plural = _("artisan photos")
        ordering = ["kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["artisan", "kind"], name="one_photo_per_artisan_and_kind")]

    def __str__(self) -> str:
        return self.alt_text or f"{self.kind} {self.pk}"

    @property
    def url(self) -> str:
        """Public URL of the widest ready rendition, or "" while the worker has not made one."""
        if self.status != self.Status.READY or not self.renditions:
            return ""
        entries = [r for r in self.renditions if isinstance(r, dict)]
        if not entries:
            return ""
        best = max(entries, key=lambda r: int(r.get("width") or 0))
        if best.get("url"):
            return str(best["url"])
        name = best.get("name") or best.get("path")
        return default_storage.url(name) if name else ""


class CertificationQuerySet(models.QuerySet["Certification"]):
    def badges(self, today: datetime.date | None = None) -> CertificationQuerySet:
        """Certifications a moderator checked and that have not expired: the only ones shown publicly."""
        today = today or timezone.localdate()
        return self.filter(checked_at__isnull=False).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


class Certification(models.Model):
    """A certificate the artisan holds (SNI, halal, SVLK/V-Legal, WFTO…). The document is private."""

    artisan = models.ForeignKey(
        Artisan, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("artisan")
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. SNI, SVLK (V-Legal), Halal, WFTO."))
    issuer = models.CharField(_("issuer"), max_length=120)
    number = models.CharField(_("certificate number"), max_length=80, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty if it never expires."))
    document = models.FileField(_("document"), upload_to="certifications/%Y/%m/", storage=private_storage)
    document_type = models.CharField(_("document type"), max_length=40, blank=True, editable=False)
    checked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    # When the expiry reminders went out (artisans.services.certification_send_expiry_reminders); a new
    # valid_until clears them, so a renewed certificate is reminded about again.
    reminded_30_at = models.DateTimeField(_("reminded 30 days before"), null=True, blank=True, editable=False)
    reminded_7_at = models.DateTimeField(_("reminded 7 days before"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def is_badge(self) -> bool:
        return self.checked_at is not None and not self.is_expired


class StaffProfile(models.Model):
    """What a Dekranasda (regional) moderator covers: the provinces whose artisans, products, certifications and
    reports they see and act on. National moderators (the "Dekranas moderator" group) and superusers cover all."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff_profile", verbose_name=_("user"))
    provinces = models.JSONField(
        _("provinces"), default=list, blank=True, help_text=_("ISO 3166-2 codes of the provinces covered.")
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return ", ".join(province_name(code) for code in self.provinces) or "—"

    def clean(self) -> None:
        known = {code for code, _label in PROVINCE_CHOICES}
        if not isinstance(self.provinces, list) or any(code not in known for code in self.provinces):
            raise ValidationError({"provinces": [_("Choose provinces from the list.")]})


class ArtisanReviewQueue(Artisan):
    """The admin's queue of artisans waiting for verification (a proxy: same rows, its own list page)."""

    class Meta:
        proxy = True
        verbose_name = _("artisan waiting for verification")
        verbose_name_plural = _("artisans waiting for verification")
