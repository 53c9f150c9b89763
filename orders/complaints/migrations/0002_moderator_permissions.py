"""Moderators see complaints and decide them: both groups (regional moderators only for their provinces, which the
admin and the services enforce; an appeal only by a national moderator, which the service enforces)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Dekranas moderator", "Dekranasda moderator")
CODENAMES = ["view_complaint", "change_complaint", "view_complaintevidence", "view_complainttransition"]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("complaints"), apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="complaints", codename__in=CODENAMES))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="complaints", codename__in=CODENAMES))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("artisans", "0006_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
