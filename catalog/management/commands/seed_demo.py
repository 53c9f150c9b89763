"""Demo data for `make run` and the benchmarks. Idempotent: running it again changes nothing.

Accounts (the README names them), 17 verified artisans in 10 provinces with Indonesian names and places, and
``--products N`` published products (default 168) spread over every subcategory. Photos are drawn with Pillow
(no network): one set per subcategory, shared by the demo products, with ready-made WebP renditions so that pages
show images without a worker. Large runs (``--products 100000``) use bulk inserts and one batched search-vector
refresh.
"""

from __future__ import annotations

import contextlib
import io
import random
import time
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from artisans.models import Artisan, User
from catalog import bulk_copy, search
from catalog.models import Category, Product, ProductImage, Variant
from catalog.selectors import category_tree_invalidate
from craftmarket.currency.services import exchange_rates_import, parse_rate_file
from craftmarket.demo import demo_state_seed  # the cross-app demo state (queues, orders): project layer

from ._demo_catalogue import ARTISANS, PRODUCTS, STYLES

EXCHANGE_RATE_SAMPLE = (
    Path(__file__).resolve().parents[3] / "craftmarket" / "currency" / "data" / "bi_kurs_tengah_sample.csv"
)
DEMO_PASSWORD = "craftmarket-demo"  # noqa: S105 - published in the README, demo data only
ACCOUNTS = [
    {"email": "pembeli@craftmarket.test", "name": "Rina Pembeli", "staff": False, "group": None, "role": "buyer"},
    {
        "email": "moderator@craftmarket.test",
        "name": "Dewi Moderator",
        "staff": True,
        "group": "Dekranas moderator",
        "role": "Dekranas moderator (admin at /admin/)",
    },
]
# The demo artisan account the README names (one of ARTISANS), listed in the summary with the two above.
DEMO_ARTISAN_ROLE = ("rotan-tegalwangi@craftmarket.test", "artisan (studio at /studio/)")

COLOURS = {"logam": "#b08d57", "anyaman": "#c8a165", "kayu": "#7a4b2a", "fesyen": "#3d5a80"}
RENDITION_WIDTHS = (320, 640)
BULK_THRESHOLD = 5000
COPY_BATCH = 20_000
WOOD = {"ukiran", "furnitur", "patung", "topeng", "perabot-rumah"}
SUBCATEGORIES = list(PRODUCTS)
IMAGE_SETS = 3


def _draw(family: str, label: str, k: int) -> bytes:
    """A simple motif per family: rings for metal, a weave for woven, grain for wood, dots for fashion."""
    size = 800
    base = COLOURS.get(family, "#888888")
    img = Image.new("RGB", (size, size), base)
    d = ImageDraw.Draw(img)
    shade = (255, 255, 255) if k % 2 else (30, 30, 30)
    if family == "logam":
        for r in range(40, 400, 36 + k * 6):
            d.ellipse([400 - r, 400 - r, 400 + r, 400 + r], outline=shade, width=6)
    elif family == "anyaman":
        step = 50 + k * 10
        for x in range(0, size, step):
            d.rectangle([x, 0, x + step // 2, size], fill=(160, 120, 70))
        for y in range(0, size, step):
            d.rectangle([0, y, size, y + step // 3], outline=shade, width=4)
    elif family == "kayu":
        for y in range(0, size, 18 + k * 4):
            d.arc([-200, y - 60, size + 200, y + 60], 0, 180, fill=(90, 55, 30), width=5)
    else:
        for x in range(30, size, 70 + k * 10):
            for y in range(30, size, 70 + k * 10):
                d.ellipse([x, y, x + 24, y + 24], fill=shade)
    d.rectangle([0, size - 110, size, size], fill=(250, 246, 238))
    d.text((30, size - 80), label, fill=(40, 30, 20), font_size=44)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82)
    return buf.getvalue()


def _slug(i: int) -> str:
    sub = SUBCATEGORIES[i % len(SUBCATEGORIES)]
    return f"demo-{i:06d}-{slugify(_name(i, sub))}"[:160]


def _name(i: int, sub: str) -> str:
    names = PRODUCTS[sub][0]
    step = len(SUBCATEGORIES)
    return names[(i // step) % len(names)] + STYLES[(i // (step * len(names))) % len(STYLES)]


def _product_row(i: int, *, makers, categories, now) -> tuple[dict, int, str, int]:
    """Demo product ``i``: its field values, its stock, its subcategory and ``i`` (deterministic per ``i``)."""
    sub = SUBCATEGORIES[i % len(SUBCATEGORIES)]
    _names, materials, technique, base_price, weight, hs = PRODUCTS[sub]
    rng = random.Random(i)
    name = _name(i, sub)
    artisan = makers[sub][(i // len(SUBCATEGORIES)) % len(makers[sub])]
    made_to_order = sub in ("furnitur", "ukiran") or rng.random() < 0.15
    stock = 0 if made_to_order and rng.random() < 0.6 else rng.randint(1, 40)
    moq = 10 if not made_to_order and stock >= 10 and rng.random() < 0.1 else 1
    wood = sub in WOOD
    values = {
        "artisan": artisan,
        "category": categories[sub],
        "name": name,
        "slug": _slug(i),
        "description": (
            f"{name} buatan tangan {artisan.business_name} dari {artisan.regency}. "
            f"Dibuat dari {materials.replace(',', ' dan ')} dengan teknik {technique.replace(',', ' dan ')} "
            "oleh perajin setempat. Setiap produk sedikit berbeda karena dikerjakan satu per satu."
        ),
        "description_en": f"Handmade by {artisan.business_name} in {artisan.regency}, Indonesia.",
        "status": Product.Status.PUBLISHED,
        "materials": materials,
        "technique": technique,
        "province": artisan.province,
        "length_cm": rng.randint(5, 120),
        "width_cm": rng.randint(5, 80),
        "height_cm": rng.randint(1, 90),
        "price": max(5_000, round(base_price * rng.uniform(0.6, 1.8) / 5_000) * 5_000),
        "weight_grams": max(20, int(weight * rng.uniform(0.7, 1.4))),
        "min_order_quantity": moq,
        "made_to_order": made_to_order,
        "lead_time_days": rng.randint(7, 45) if made_to_order else None,
        "care_instructions": "Simpan di tempat kering, jauhkan dari sinar matahari langsung.",
        "hs_code": hs,
        "svlk_certified": wood,
        "svlk_document_number": f"DKP-{artisan.pk:04d}-{2026}" if wood else "",
        # Exportable when it has an HS code; seeded wood lacks the species, so it stays domestic.
        "ships_abroad": bool(hs) and not wood,
        "featured": i < 12,
        "popularity": rng.randint(0, 1000),
        "published_at": now - timedelta(minutes=i * 7 + rng.randint(0, 6)),
        "created_at": now - timedelta(minutes=i * 7 + 60),
        "updated_at": now,
    }
    return values, stock, sub, i


def _variant_values(i: int, sub: str, price: int, stock: int) -> list[dict]:
    if sub in ("tenun", "batik") and i % 3 == 0:
        return [
            {"sku": f"DEMO-{i}-1", "name": "2 m", "price": price, "stock": stock, "is_default": True},
            {"sku": f"DEMO-{i}-2", "name": "3 m", "price": price * 3 // 2, "stock": stock // 2, "position": 1},
        ]
    return [{"sku": f"DEMO-{i}-1", "price": price, "stock": stock, "is_default": True}]


def _image_values(i: int, sub: str, name: str, images) -> list[dict]:
    rows = []
    for k in range(1 + i % 2):
        original, renditions = images[sub][(i + k) % IMAGE_SETS]
        rows.append(
            {
                "original": original,
                "alt_text": name,
                "position": k,
                "is_primary": k == 0,
                "status": ProductImage.Status.READY,
                "renditions": renditions,
            }
        )
    return rows


class Command(BaseCommand):
    help = "Load the demo accounts, artisans and catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=168, help="number of demo products (default 168)")

    def handle(self, *args, **options):
        with transaction.atomic():
            self._accounts()
            artisans = self._artisans()
        images = self._images()
        bulk = search.bulk_load() if options["products"] >= BULK_THRESHOLD else contextlib.nullcontext()
        self._started = time.monotonic()
        with bulk:
            if options["products"] >= BULK_THRESHOLD and connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # demo data: losing the last commits in a crash is fine
                    cursor.execute("SET synchronous_commit TO off")
            created = self._products(options["products"], artisans, images)
            self.stdout.write(f"  rows inserted after {time.monotonic() - self._started:.0f}s")
        refreshed = search.refresh_search_vectors()
        category_tree_invalidate()
        self.stdout.write(
            f"Demo catalogue ready: {len(artisans)} artisans, {created} products created, "
            f"{refreshed} search vectors refreshed ({time.monotonic() - self._started:.0f}s)."
        )
        self._exchange_rates()
        state = demo_state_seed(password_hash=make_password(DEMO_PASSWORD))
        self.stdout.write(state.summary())
        self._summary()

    def _exchange_rates(self) -> None:
        """Bank Indonesia's mid rates from the sample file, dated today so that the demo's prices convert."""
        rows = parse_rate_file(EXCHANGE_RATE_SAMPLE.read_text(encoding="utf-8"), on=timezone.localdate())
        count = exchange_rates_import(rows=rows, by=None, source="Bank Indonesia (demo sample)")
        self.stdout.write(f"  {count} exchange rates loaded from {EXCHANGE_RATE_SAMPLE.name}")

    def _summary(self) -> None:
        """Each demo account with its email and role (the README's table), and the shared password."""
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        rows = [(spec["email"], spec["role"]) for spec in ACCOUNTS] + [DEMO_ARTISAN_ROLE]
        for email, role in rows:
            self.stdout.write(f"  {role:<40} {email}")

    def _accounts(self) -> None:
        created = 0
        for spec in ACCOUNTS:
            user, was_created = User.objects.get_or_create(
                email=spec["email"], defaults={"name": spec["name"], "is_staff": spec["staff"], "email_verified": True}
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            if spec["group"]:
                user.groups.add(Group.objects.get(name=spec["group"]))
        self.stdout.write(f"Demo accounts ready ({created} of {len(ACCOUNTS)} created; the artisans follow).")

    def _artisans(self) -> dict[str, tuple[Artisan, list[str]]]:
        found: dict[str, tuple[Artisan, list[str]]] = {}
        hashed = ""
        for slug, business, owner, province, regency, subcats in ARTISANS:
            user, was_created = User.objects.get_or_create(
                email=f"{slug}@craftmarket.test", defaults={"name": owner, "email_verified": True}
            )
            if was_created:
                # One hash for every demo artisan: hashing is deliberately slow, and they share the password.
                hashed = hashed or make_password(DEMO_PASSWORD)
                user.password = hashed
                user.save(update_fields=["password"])
            artisan, _ = Artisan.objects.get_or_create(
                slug=slug,
                defaults={
                    "user": user,
                    "business_name": business,
                    "province": province,
                    "regency": regency,
                    "status": Artisan.Status.VERIFIED,
                },
            )
            found[slug] = (artisan, subcats)
        return found

    def _images(self) -> dict[str, list[tuple[str, list[dict]]]]:
        """Per subcategory, IMAGE_SETS (original name, renditions) pairs; files are written once."""
        cats = {c.slug: c for c in Category.objects.select_related("parent")}
        originals = ProductImage._meta.get_field("original").storage
        sets: dict[str, list[tuple[str, list[dict]]]] = {}
        for sub in PRODUCTS:
            family = cats[sub].parent.slug if cats[sub].parent else sub
            sets[sub] = []
            for k in range(IMAGE_SETS):
                original = f"originals/products/demo/{sub}-{k}.jpg"
                renditions = [
                    {"width": w, "name": f"renditions/products/demo/{sub}-{k}-{w}.webp", "format": "webp"}
                    for w in RENDITION_WIDTHS
                ]
                if not originals.exists(original):
                    data = _draw(family, f"{cats[sub].name_id} · Craftmarket demo", k)
                    originals.save(original, ContentFile(data))
                    for r in renditions:
                        with Image.open(io.BytesIO(data)) as img:
                            img.thumbnail((r["width"], r["width"]))
                            buf = io.BytesIO()
                            img.save(buf, "WEBP", quality=78)
                        if default_storage.exists(r["name"]):
                            default_storage.delete(r["name"])
                        default_storage.save(r["name"], ContentFile(buf.getvalue()))
                sets[sub].append((original, renditions))
        return sets

    def _products(self, count: int, artisans, images) -> int:
        categories = {c.slug: c for c in Category.objects.filter(slug__in=PRODUCTS)}
        makers: dict[str, list[Artisan]] = {sub: [] for sub in PRODUCTS}
        for artisan, subcats in artisans.values():
            for sub in subcats:
                makers[sub].append(artisan)
        existing = set(Product.objects.filter(slug__startswith="demo-").values_list("slug", flat=True))
        rows = (
            _product_row(i, makers=makers, categories=categories, now=timezone.now())
            for i in range(count)
            if _slug(i) not in existing
        )
        if count >= BULK_THRESHOLD and connection.vendor == "postgresql":
            return self._copy(rows, images)
        created = 0
        batch: list[tuple[dict, int, str, int]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                created += self._flush(batch, images)
                batch = []
        if batch:
            created += self._flush(batch, images)
        return created

    @transaction.atomic
    def _flush(self, batch, images) -> int:
        products = Product.objects.bulk_create([Product(**values) for values, *_ in batch], batch_size=5000)
        variants: list[Variant] = []
        rows: list[ProductImage] = []
        for product, (_values, stock, sub, i) in zip(products, batch, strict=True):
            variants.extend(Variant(product=product, **v) for v in _variant_values(i, sub, product.price, stock))
            rows.extend(ProductImage(product=product, **v) for v in _image_values(i, sub, product.name, images))
        Variant.objects.bulk_create(variants, batch_size=5000)
        ProductImage.objects.bulk_create(rows, batch_size=5000)
        self.stdout.write(f"  {len(products)} products… ({time.monotonic() - self._started:.0f}s)")
        return len(products)

    def _copy(self, rows, images) -> int:
        """PostgreSQL at scale: COPY in batches with the tables' secondary indexes dropped (built again after)."""
        created = 0
        with bulk_copy.secondary_indexes_dropped([Product, Variant, ProductImage]):
            products = bulk_copy.RowWriter(Product, with_pk=True)
            variants, photos = bulk_copy.RowWriter(Variant), bulk_copy.RowWriter(ProductImage)
            batch: list[tuple[dict, int, str, int]] = []

            def send() -> None:
                ids = bulk_copy.reserve_ids(Product, len(batch))
                for pk, (values, stock, sub, i) in zip(ids, batch, strict=True):
                    products.add(id=pk, **values)
                    for v in _variant_values(i, sub, values["price"], stock):
                        variants.add(product_id=pk, **v)
                    for v in _image_values(i, sub, values["name"], images):
                        photos.add(product_id=pk, **v)
                # Parents before children: the foreign keys are checked row by row.
                products.flush()
                variants.flush()
                photos.flush()

            for row in rows:
                batch.append(row)
                if len(batch) >= COPY_BATCH:
                    send()
                    created += len(batch)
                    batch = []
                    self.stdout.write(f"  {created} products… ({time.monotonic() - self._started:.0f}s)")
            if batch:
                send()
                created += len(batch)
            self.stdout.write(f"  rows copied after {time.monotonic() - self._started:.0f}s")
            # Before the indexes come back, so that rewriting every row does not update them too; both cores.
            vectors = search.refresh_search_vectors(workers=2, terms=False)
            self.stdout.write(f"  {vectors} search vectors after {time.monotonic() - self._started:.0f}s")
        return created
