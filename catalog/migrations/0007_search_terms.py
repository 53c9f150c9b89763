"""The vocabulary of misspelling correction (catalog.search): one row per word of the products' names, materials
and techniques. On PostgreSQL a trigram GIN index on the word, and the words of the products already there."""

from django.db import migrations, models

# Frozen copies: later edits of catalog/search.py never change what this migration did.
FORWARD = [
    "CREATE INDEX IF NOT EXISTS searchterm_word_trgm ON catalog_searchterm USING gin (word gin_trgm_ops)",
    """INSERT INTO catalog_searchterm (word, documents)
    SELECT w, count(*) FROM catalog_product AS p,
        unnest(tsvector_to_array(to_tsvector('simple', p.name || ' ' || p.name_en || ' '
            || replace(p.materials, ',', ' ') || ' ' || replace(p.technique, ',', ' ')))) AS w
    WHERE length(w) BETWEEN 3 AND 64 AND w ~ '^[[:alpha:]]+$'
    GROUP BY w
    ON CONFLICT (word) DO NOTHING""",
]
BACKWARD = ["DROP INDEX IF EXISTS searchterm_word_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_perf_indexes")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("word", models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name="word")),
                ("documents", models.PositiveIntegerField(default=1, verbose_name="products")),
            ],
            options={"verbose_name": "search term", "verbose_name_plural": "search terms"},
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
