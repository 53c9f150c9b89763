from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

# Payouts, the ledger, commission rates and bank accounts are national money work, like refunds.
NATIONAL = "Dekranas moderator"
CODENAMES = [
    "view_payout",
    "change_payout",
    "view_ledgertransaction",
    "view_account",
    "view_commissionrate",
    "add_commissionrate",
    "view_bankaccount",
]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("money"), apps=apps, verbosity=0)
    group = apps.get_model("auth", "Group").objects.filter(name=NATIONAL).first()
    if group is not None:
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="money", codename__in=CODENAMES
        )
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("money", "0002_platform_accounts"), ("artisans", "0006_moderator_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
