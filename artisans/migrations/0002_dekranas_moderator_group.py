"""The national moderators' group. The moderation issue adds the regional (Dekranasda) group and its scoping."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Dekranas moderator"
PERMISSIONS = {
    "artisans": ["view_user", "view_artisan", "change_artisan"],
    "catalog": [
        "view_category",
        "add_category",
        "change_category",
        "view_product",
        "change_product",
        "view_variant",
        "view_productimage",
    ],
}


def create_group(apps, schema_editor):
    for app_label in PERMISSIONS:
        # The historical app config has no models module, so permissions are created from the real one.
        create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0001_initial"),
        ("catalog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
