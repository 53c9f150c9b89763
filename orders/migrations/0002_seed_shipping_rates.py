"""Starting shipping rates (whole rupiah per kg); staff adjust them in the admin."""

from django.db import migrations

# (courier, service, estimated days, {zone: (first kg, next kg)})
RATES = [
    (
        "JNE",
        "REG",
        "2-4",
        {"same_province": (10_000, 8_000), "same_island": (18_000, 14_000), "other_island": (38_000, 30_000)},
    ),
    (
        "J&T Express",
        "EZ",
        "2-4",
        {"same_province": (9_000, 7_000), "same_island": (17_000, 13_000), "other_island": (36_000, 29_000)},
    ),
    (
        "SiCepat",
        "REG",
        "2-3",
        {"same_province": (9_000, 7_500), "same_island": (16_000, 13_000), "other_island": (35_000, 28_000)},
    ),
    (
        "POS Indonesia",
        "Kilat Khusus",
        "3-5",
        {"same_province": (8_000, 6_000), "same_island": (15_000, 12_000), "other_island": (32_000, 26_000)},
    ),
    ("POS Indonesia", "EMS", "5-10", {"international": (350_000, 180_000)}),
    ("DHL", "Express Worldwide", "3-5", {"international": (780_000, 320_000)}),
]


def seed(apps, schema_editor):
    ShippingRate = apps.get_model("orders", "ShippingRate")
    for courier, service, days, zones in RATES:
        for zone, (first, nxt) in zones.items():
            ShippingRate.objects.update_or_create(
                courier=courier,
                service=service,
                zone=zone,
                defaults={"first_kg_price": first, "next_kg_price": nxt, "estimated_days": days, "active": True},
            )


def unseed(apps, schema_editor):
    ShippingRate = apps.get_model("orders", "ShippingRate")
    for courier, service, _days, zones in RATES:
        ShippingRate.objects.filter(courier=courier, service=service, zone__in=list(zones)).delete()


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
