from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    default = True
    name = "craftmarket.security"
    label = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        from craftmarket.security import audit

        audit.connect()


class OTPAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with a default site that asks staff for a TOTP code (Django's documented way to
    replace the default admin site, so every ``admin.site.register`` keeps working)."""

    default = False
    default_site = "craftmarket.security.admin_site.CraftmarketAdminSite"
