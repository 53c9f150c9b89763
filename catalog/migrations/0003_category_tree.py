"""Data: the four craft families and their subcategories (DOMAIN.md), in Indonesian and English."""

from django.db import migrations

# A frozen copy, so that later edits of catalog/categories_data.py never change what this migration did.
TREE = [
    (
        "logam",
        "Kerajinan Logam",
        "Metal crafts",
        [
            ("perak", "Perak", "Silver"),
            ("kuningan", "Kuningan", "Brass"),
            ("tembaga", "Tembaga", "Copper"),
            ("besi-tempa", "Besi Tempa", "Wrought iron"),
            ("perhiasan", "Perhiasan", "Jewellery"),
        ],
    ),
    (
        "anyaman",
        "Anyaman",
        "Woven crafts",
        [
            ("rotan", "Rotan", "Rattan"),
            ("bambu", "Bambu", "Bamboo"),
            ("pandan", "Pandan", "Pandan"),
            ("mendong", "Mendong", "Mendong"),
            ("eceng-gondok", "Eceng Gondok", "Water hyacinth"),
            ("lontar", "Lontar", "Lontar palm"),
        ],
    ),
    (
        "kayu",
        "Kerajinan Kayu",
        "Wood crafts",
        [
            ("ukiran", "Ukiran", "Carving"),
            ("furnitur", "Furnitur", "Furniture"),
            ("patung", "Patung", "Sculpture"),
            ("topeng", "Topeng", "Masks"),
            ("perabot-rumah", "Perabot Rumah", "Homeware"),
        ],
    ),
    (
        "fesyen",
        "Fesyen",
        "Fashion",
        [
            ("batik", "Batik", "Batik"),
            ("tenun", "Tenun", "Woven cloth"),
            ("tas", "Tas", "Bags"),
            ("alas-kaki", "Alas Kaki", "Footwear"),
            ("aksesori", "Aksesori", "Accessories"),
        ],
    ),
]


def create_tree(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for family_pos, (slug, name_id, name_en, children) in enumerate(TREE):
        family, _ = Category.objects.update_or_create(
            slug=slug, defaults={"name_id": name_id, "name_en": name_en, "position": family_pos, "parent": None}
        )
        for pos, (child_slug, child_id, child_en) in enumerate(children):
            Category.objects.update_or_create(
                slug=child_slug,
                defaults={"name_id": child_id, "name_en": child_en, "position": pos, "parent": family},
            )


def remove_tree(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    slugs = [c[0] for _s, _i, _e, children in TREE for c in children]
    Category.objects.filter(slug__in=slugs, products__isnull=True).delete()
    Category.objects.filter(slug__in=[f[0] for f in TREE], children__isnull=True, products__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_product_fields_history")]

    operations = [migrations.RunPython(create_tree, remove_tree)]
