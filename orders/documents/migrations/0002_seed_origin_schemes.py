from django.db import migrations

from orders.documents.origin_table import rows


def seed(apps, schema_editor):
    OriginScheme = apps.get_model("documents", "OriginScheme")
    for row in rows():
        OriginScheme.objects.update_or_create(country=row["country"], defaults=row)


def unseed(apps, schema_editor):
    apps.get_model("documents", "OriginScheme").objects.filter(country__in=[r["country"] for r in rows()]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
