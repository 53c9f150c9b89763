"""Moderators see export documents and origin papers (regional ones for their provinces, which the admin
enforces); national Dekranas moderators also keep the destination → origin scheme table."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

BOTH = ("Dekranas moderator", "Dekranasda moderator")
VIEW = ["view_document", "view_package", "view_origindocument", "view_originscheme"]
NATIONAL = ["add_originscheme", "change_originscheme", "delete_originscheme"]


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="documents", codename__in=codenames))


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("documents"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=BOTH):
        group.permissions.add(*_permissions(apps, VIEW))
    for group in Group.objects.filter(name="Dekranas moderator"):
        group.permissions.add(*_permissions(apps, NATIONAL))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=BOTH):
        group.permissions.remove(*_permissions(apps, VIEW + NATIONAL))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_origin_documents"),
        ("artisans", "0006_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
