from django.db import migrations

PLATFORM_KINDS = (
    "incoming",
    "commission",
    "shipping",
    "transfer_codes",
    "refunds_payable",
    "refunds_paid",
    "payouts_in_transit",
)


def create(apps, schema_editor):
    Account = apps.get_model("money", "Account")
    for kind in PLATFORM_KINDS:
        Account.objects.get_or_create(kind=kind, artisan=None)


class Migration(migrations.Migration):
    dependencies = [("money", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
