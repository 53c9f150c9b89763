"""Moderator groups for the admin: what "Dekranas moderator" (national) gains for the review queues, reports and
orders support, and the new "Dekranasda moderator" (regional) group. Regional moderators are limited to the
provinces of their StaffProfile by the admin (artisans.moderation), not by permissions."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

NATIONAL = "Dekranas moderator"
REGIONAL = "Dekranasda moderator"
REVIEW = {
    "artisans": [
        "view_artisan",
        "change_artisan",
        "view_artisanstatuschange",
        "view_artisanphoto",
        "view_certification",
        "change_certification",
        "view_artisanreviewqueue",
        "change_artisanreviewqueue",
    ],
    "catalog": [
        "view_category",
        "view_product",
        "change_product",
        "view_variant",
        "view_productimage",
        "view_productstatuschange",
        "view_productreviewqueue",
        "change_productreviewqueue",
        "view_report",
        "change_report",
    ],
    "orders": ["view_order", "view_orderline", "view_orderstatuschange"],
}
NATIONAL_ONLY = {
    "orders": ["view_purchase", "change_purchase", "view_payment"],
    "common": ["view_notification"],
}


def _grant(apps, group, codenames_by_app):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in codenames_by_app.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def create_groups(apps, schema_editor):
    for app_label in ("artisans", "catalog", "orders", "common"):
        create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    national, _ = Group.objects.get_or_create(name=NATIONAL)
    _grant(apps, national, REVIEW)
    _grant(apps, national, NATIONAL_ONLY)
    regional, _ = Group.objects.get_or_create(name=REGIONAL)
    _grant(apps, regional, REVIEW)


def remove_regional(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REGIONAL).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0005_staff_profile_review_queue"),
        ("artisans", "0004_moderator_artisan_permissions"),
        ("catalog", "0005_report_hidden_by_reports_review_queue"),
        ("orders", "0001_initial"),
        ("common", "0001_notification"),
    ]

    operations = [migrations.RunPython(create_groups, remove_regional)]
