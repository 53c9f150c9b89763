"""The starting vocabulary of materials and techniques (DOMAIN.md's craft families), and the moderators'
permission to add translations for tags artisans type."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

MATERIALS = [
    ("rotan", "rattan"),
    ("bambu", "bamboo"),
    ("pandan", "pandanus"),
    ("mendong", "mendong grass"),
    ("eceng gondok", "water hyacinth"),
    ("lontar", "lontar palm"),
    ("perak", "silver"),
    ("emas", "gold"),
    ("kuningan", "brass"),
    ("tembaga", "copper"),
    ("besi", "iron"),
    ("besi tempa", "wrought iron"),
    ("kayu", "wood"),
    ("kayu jati", "teak"),
    ("kayu mahoni", "mahogany"),
    ("kayu sono", "rosewood"),
    ("katun", "cotton"),
    ("sutra", "silk"),
    ("kulit", "leather"),
    ("tanah liat", "clay"),
    ("kerang", "shell"),
    ("serat", "fibre"),
]
TECHNIQUES = [
    ("anyam", "weaving"),
    ("anyaman", "weaving"),
    ("ukir", "carving"),
    ("ukiran", "carving"),
    ("tenun", "hand weaving"),
    ("tenun ikat", "ikat weaving"),
    ("songket", "songket weaving"),
    ("batik tulis", "hand-drawn batik"),
    ("batik cap", "stamped batik"),
    ("tempa", "forging"),
    ("filigri", "filigree"),
    ("pahat", "chiselling"),
    ("bubut", "turning"),
    ("jahit tangan", "hand stitching"),
    ("sulam", "embroidery"),
    ("gerabah", "pottery"),
]
GROUPS = ("Dekranas moderator", "Dekranasda moderator")
CODENAMES = ["view_vocabularyterm", "add_vocabularyterm", "change_vocabularyterm"]


def seed(apps, schema_editor):
    Term = apps.get_model("catalog", "VocabularyTerm")
    for kind, pairs in (("material", MATERIALS), ("technique", TECHNIQUES)):
        for name_id, name_en in pairs:
            Term.objects.get_or_create(kind=kind, name_id=name_id, defaults={"name_en": name_en})
    create_permissions(global_apps.get_app_config("catalog"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="catalog", codename__in=CODENAMES))
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def unseed(apps, schema_editor):
    apps.get_model("catalog", "VocabularyTerm").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_vocabulary_and_english_care"),
        ("artisans", "0006_moderator_groups"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
