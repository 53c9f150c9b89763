"""Both moderator groups may read reported conversations (the admin limits them to threads under moderation in
their provinces); nobody may change or delete them in the admin."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Dekranas moderator", "Dekranasda moderator")
CODENAMES = ["view_thread", "view_message", "view_attachment", "view_report", "view_participant"]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("conversations"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="conversations", codename__in=CODENAMES))
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label="conversations", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0001_initial"),
        ("artisans", "0006_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
