"""The six destination zones abroad and their international rates (README "Shipping abroad"); national moderators
(Dekranas) may view, add and change zones in the admin, regional ones may not (like ShippingRate, which neither
group may touch).

The rupiah figures are DEMO figures, POS Indonesia EMS-like and rising with distance (first kg, each next kg; the
next kg is charged per half kilogram); staff set the real ones in the admin. Europe keeps the figures the single
``international`` rate had before zones."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

NATIONAL = "Dekranas moderator"
ZONE_PERMISSIONS = ["view_shippingzone", "add_shippingzone", "change_shippingzone"]

EU27 = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
# (code, English name, Indonesian name, ISO 3166 codes)
ZONES = [
    ("asean", "ASEAN", "ASEAN", "BN KH LA MM MY PH SG TH TL VN"),
    ("east-asia", "East Asia", "Asia Timur", "CN HK JP KR MN MO TW"),
    ("oceania", "Oceania", "Oseania", "AU NZ PG FJ NC PF SB VU WS TO KI NR TV FM MH PW CK NU"),
    ("europe", "Europe", "Eropa", EU27 + " GB CH NO IS LI MC AD SM VA AL BA ME MK RS MD UA TR"),
    (
        "americas",
        "Americas",
        "Amerika",
        "US CA MX BR AR CL CO PE EC UY PY BO VE GT CR PA HN SV NI BZ DO JM TT BS BB PR",
    ),
    (
        "middle-east-africa",
        "Middle East and Africa",
        "Timur Tengah dan Afrika",
        "AE SA QA KW BH OM JO LB EG MA TN DZ ZA NG KE ET GH TZ UG RW SN CI MU MG",
    ),
]
# (courier, service, estimated days, {zone code: (first kg, each next kg)}) -- demo figures.
RATES = [
    (
        "POS Indonesia",
        "EMS",
        "5-10",
        {
            "asean": (210_000, 90_000),
            "east-asia": (260_000, 120_000),
            "oceania": (300_000, 150_000),
            "europe": (350_000, 180_000),
            "middle-east-africa": (380_000, 200_000),
            "americas": (420_000, 220_000),
        },
    ),
    (
        "DHL",
        "Express Worldwide",
        "3-5",
        {
            "asean": (520_000, 180_000),
            "east-asia": (600_000, 220_000),
            "oceania": (680_000, 260_000),
            "europe": (780_000, 320_000),
            "middle-east-africa": (820_000, 340_000),
            "americas": (880_000, 360_000),
        },
    ),
]
# What 0002 seeded before zones (restored on the way back).
ZONELESS = [("POS Indonesia", "EMS", "5-10", 350_000, 180_000), ("DHL", "Express Worldwide", "3-5", 780_000, 320_000)]


def seed(apps, schema_editor):
    """Zones and their rates; the international rates without a zone are replaced. Also run by tests after a
    flush (after 0002's seed)."""
    ShippingZone = apps.get_model("orders", "ShippingZone")
    ShippingRate = apps.get_model("orders", "ShippingRate")
    zones = {}
    for code, name_en, name_id, countries in ZONES:
        zones[code], _created = ShippingZone.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_id": name_id, "countries": countries.split()}
        )
    ShippingRate.objects.filter(zone="international", shipping_zone__isnull=True).delete()
    for courier, service, days, prices in RATES:
        for code, (first, nxt) in prices.items():
            ShippingRate.objects.update_or_create(
                courier=courier,
                service=service,
                shipping_zone=zones[code],
                defaults={
                    "zone": "international",
                    "first_kg_price": first,
                    "next_kg_price": nxt,
                    "estimated_days": days,
                    "active": True,
                },
            )


def unseed(apps, schema_editor):
    ShippingZone = apps.get_model("orders", "ShippingZone")
    ShippingRate = apps.get_model("orders", "ShippingRate")
    ShippingRate.objects.filter(shipping_zone__isnull=False).delete()
    ShippingZone.objects.all().delete()
    for courier, service, days, first, nxt in ZONELESS:
        ShippingRate.objects.get_or_create(
            courier=courier,
            service=service,
            zone="international",
            defaults={"first_kg_price": first, "next_kg_price": nxt, "estimated_days": days},
        )


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("orders"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    national, _created = Group.objects.get_or_create(name=NATIONAL)
    national.permissions.add(
        *Permission.objects.filter(content_type__app_label="orders", codename__in=ZONE_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=NATIONAL):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="orders", codename__in=ZONE_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0009_shipping_zones"),
        ("artisans", "0006_moderator_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed), migrations.RunPython(grant, revoke)]
