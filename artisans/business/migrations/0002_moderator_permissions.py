"""Both moderator groups see business profiles and verify them (regional moderators too: a buyer has no
province)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Dekranas moderator", "Dekranasda moderator")
CODENAMES = ["view_businessprofile", "change_businessprofile", "view_businessstatuschange"]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("business"), apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="business", codename__in=CODENAMES))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="business", codename__in=CODENAMES))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("business", "0001_initial"),
        ("artisans", "0006_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
