"""Moderators read RFQs, quotes and their orders with their history (read-only): both groups (regional moderators
only for their provinces, which the admin enforces)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Dekranas moderator", "Dekranasda moderator")
CODENAMES = [
    "view_rfq",
    "view_rfqrecipient",
    "view_rfqstatuschange",
    "view_quote",
    "view_quoterevision",
    "view_ladderrow",
    "view_quotestatuschange",
    "view_quoteorder",
    "view_quoteorderstatuschange",
]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("quotes"), apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="quotes", codename__in=CODENAMES))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="quotes", codename__in=CODENAMES))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0002_quote_orders"),
        ("artisans", "0006_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
