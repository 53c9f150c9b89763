"""Gateway charges are money: national moderators (who confirm payments) may view them; regional ones do not see
them (the admin's NationalMoneyAdmin), and nobody changes them."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

NATIONAL = "Dekranas moderator"


def grant_view(apps, schema_editor):
    create_permissions(global_apps.get_app_config("paymethods"), apps=apps, verbosity=0)
    group = apps.get_model("auth", "Group").objects.filter(name=NATIONAL).first()
    if group is not None:
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="paymethods", codename="view_charge"
        )
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("paymethods", "0001_initial"),
        ("artisans", "0006_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant_view, migrations.RunPython.noop)]
