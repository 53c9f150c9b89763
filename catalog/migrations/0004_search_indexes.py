"""PostgreSQL search: pg_trgm, a GIN index on the stored search vector and trigram GIN indexes on name and
materials. PostgreSQL ships an 'indonesian' text search configuration (snowball indonesian_stem) since 12, so
none is created here; on SQLite this migration does nothing (search there is a plain icontains)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Present in PostgreSQL 12+; created here only on a server that lacks it, from the simple parser with the
    # snowball Indonesian stemmer when that dictionary exists (otherwise it behaves like 'simple').
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian') THEN
        CREATE TEXT SEARCH CONFIGURATION indonesian (COPY = simple);
        IF EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'indonesian_stem') THEN
          ALTER TEXT SEARCH CONFIGURATION indonesian ALTER MAPPING FOR asciiword, word, hword, hword_part,
            hword_asciipart, asciihword WITH indonesian_stem;
        END IF;
      END IF;
    END $$""",
    "CREATE INDEX IF NOT EXISTS product_search_vector_gin ON catalog_product USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS product_name_trgm ON catalog_product USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS product_materials_trgm ON catalog_product USING gin (materials gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS variant_product_stock ON catalog_variant (product_id, stock)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS variant_product_stock",
    "DROP INDEX IF EXISTS product_materials_trgm",
    "DROP INDEX IF EXISTS product_name_trgm",
    "DROP INDEX IF EXISTS product_search_vector_gin",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_category_tree")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
