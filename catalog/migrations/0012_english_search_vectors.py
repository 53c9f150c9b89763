"""Search vectors gain an 'english' part (English name, description, the vocabulary's English names): rebuild
every stored vector and the spelling vocabulary. PostgreSQL only (SQLite has no vectors)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from catalog.search import refresh_search_vectors  # the one statement that builds vectors

    apps.get_model("catalog", "Product").objects.update(search_vector=None)
    refresh_search_vectors()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_seed_vocabulary")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
