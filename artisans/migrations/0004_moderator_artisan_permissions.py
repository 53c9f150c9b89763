"""Dekranas moderators read verification history and photos, and check and download certifications."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Dekranas moderator"
CODENAMES = [
    "view_artisanstatuschange",
    "view_artisanphoto",
    "view_certification",
    "change_certification",
]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("artisans"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="artisans", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="artisans", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0003_artisan_profile"),
        ("artisans", "0002_dekranas_moderator_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
