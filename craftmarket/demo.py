"""The demo shop's working state, on top of seed_demo's catalogue: something in every moderation queue, a buyer
with an address and orders in every state, an artisan (rotan-tegalwangi) with incoming orders.

Everything is built through the real services (submit, report, certify, check out, pay, ship, deliver, confirm),
so the demo shows what the product really does. It combines every app, so it sits in the project layer (like the
home page and the studio dashboard). Idempotent: each part looks for what it made before and does nothing when it
finds it.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from artisans import services as artisan_services
from artisans.models import Artisan, Certification, User
from catalog import services as catalog_services
from catalog.models import Category, Product, Report, Variant
from orders.models import Address, Purchase, ShippingRate
from orders.services import lifecycle, payments
from orders.services.addresses import address_create
from orders.services.cart import cart_get_or_create, cart_line_add
from orders.services.checkout import CheckoutInput, purchase_checkout
from orders.shipping import zone_for

DEMO_ARTISAN = "rotan-tegalwangi"
BUYER = "pembeli@craftmarket.test"
MODERATOR = "moderator@craftmarket.test"

# Applicants waiting for verification: email slug, business, owner, province, regency, district, postal code, NIB.
APPLICANTS = [
    ("gerabah-kasongan", "Gerabah Kasongan Lestari", "Sutrisno", "ID-YO", "Kabupaten Bantul", "Kasihan", "55184",
     "9120001234501", "perabot-rumah"),
    ("tenun-gringsing", "Tenun Gringsing Tenganan", "Ni Wayan Sudiani", "ID-BA", "Kabupaten Karangasem",
     "Manggis", "80871", "9120001234502", "tenun"),
]  # fmt: skip

# Products waiting for review (artisan slug, subcategory, name, price).
PENDING = [
    (DEMO_ARTISAN, "rotan", "Tas Rotan Anyam Kepang (menunggu peninjauan)", 315_000),
    ("batik-lasem-sekar", "batik", "Kain Batik Lasem Tiga Negeri (menunggu peninjauan)", 1_850_000),
    ("ukir-jepara-mulya", "ukiran", "Kotak Perhiasan Ukir Jati (menunggu peninjauan)", 650_000),
]

# The buyer's purchases, one per state an order goes through; each buys one product of the demo artisan.
ORDER_STATES = ["awaiting_payment", "paid", "shipped", "delivered", "completed"]

# A tiny valid PDF: the certification's document (private storage, shown to moderators only).
CERTIFICATE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class DemoState:
    """What one run created (all zero on a second run)."""

    applicants: int = 0
    pending_products: int = 0
    reports: int = 0
    certifications: int = 0
    addresses: int = 0
    purchases: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Demo state ready: {self.applicants} artisans and {self.pending_products} products waiting for review, "
            f"{self.reports} open report, {self.certifications} certification to check, {self.addresses} buyer "
            f"address, {len(self.purchases)} purchases ({', '.join(self.purchases) or 'already there'})."
        )


def _photo(label: str) -> ContentFile:
    img = Image.new("RGB", (800, 800), "#c8a165")
    draw = ImageDraw.Draw(img)
    for x in range(0, 800, 60):
        draw.rectangle([x, 0, x + 30, 800], fill=(160, 120, 70))
    draw.rectangle([0, 690, 800, 800], fill=(250, 246, 238))
    draw.text((30, 720), label, fill=(40, 30, 20), font_size=40)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82)
    return ContentFile(buf.getvalue(), name="demo.jpg")


def _applicants(password_hash: str) -> int:
    created = 0
    for slug, business, owner, province, regency, district, postal, nib, category in APPLICANTS:
        user, _ = User.objects.get_or_create(
            email=f"{slug}@craftmarket.test",
            defaults={"name": owner, "email_verified": True, "password": password_hash},
        )
        if Artisan.objects.filter(user=user).exists():
            continue
        artisan = artisan_services.artisan_create(
            user=user,
            data={
                "business_name": business,
                "business_type": Artisan.BusinessType.INDIVIDUAL,
                "province": province,
                "regency": regency,
                "district": district,
                "address": f"Jl. Perajin No. {created + 7}",
                "postal_code": postal,
                "phone": "081234567890",
                "nib": nib,
                "story": f"{business} dikerjakan turun-temurun oleh keluarga {owner} di {regency}.",
                "categories": [Category.objects.get(slug=category).pk],
            },
        )
        artisan_services.artisan_submit(artisan=artisan, by=user)
        created += 1
    return created


def _pending_products() -> int:
    created = 0
    for slug, sub, name, price in PENDING:
        if Product.objects.filter(name=name).exists():
            continue
        artisan = Artisan.objects.select_related("user").get(slug=slug)
        product = catalog_services.product_create(
            artisan=artisan,
            by=artisan.user,
            fields={
                "category": Category.objects.get(slug=sub),
                "name": name,
                "description": f"{name.split(' (')[0]} buatan tangan {artisan.business_name} dari {artisan.regency}.",
                "materials": "rotan" if sub == "rotan" else ("katun,malam" if sub == "batik" else "kayu jati"),
                "technique": "anyam" if sub == "rotan" else ("batik tulis" if sub == "batik" else "ukir"),
                "price": price,
                "weight_grams": 800,
                "svlk_certified": sub == "ukiran",
                "svlk_document_number": "DKP-DEMO-2026" if sub == "ukiran" else "",
            },
            stock=5,
            images=[catalog_services.ImageInput(file=_photo(name.split(" (")[0]), alt_text=name.split(" (")[0])],
        )
        catalog_services.product_submit(product=product, by=artisan.user)
        created += 1
    return created


def _report(buyer: User) -> int:
    product = Product.objects.public().filter(artisan__slug="kulit-garut-pusaka").order_by("slug").first()
    if product is None or Report.objects.filter(product=product, reporter=buyer).exists():
        return 0
    catalog_services.report_create(
        product=product,
        reason=Report.Reason.WRONG_CATEGORY,
        note="Sepertinya ini sandal, bukan tas.",
        reporter=buyer,
        reporter_key=catalog_services.report_reporter_key(ip="198.51.100.14"),
    )
    return 1


def _certification(artisan: Artisan) -> int:
    if Certification.objects.filter(artisan=artisan).exists():
        return 0
    artisan_services.certification_create(
        artisan=artisan,
        by=artisan.user,
        data={"name": "SNI Kerajinan Rotan", "issuer": "BSN", "number": "SNI-8888-2026"},
        document=ContentFile(CERTIFICATE_PDF, name="sni-rotan.pdf"),
    )
    return 1


def _address(buyer: User) -> tuple[Address, int]:
    address = Address.objects.filter(user=buyer).order_by("pk").first()
    if address is not None:
        return address, 0
    address = address_create(
        user=buyer,
        data={
            "label": "Rumah",
            "recipient": "Rina Pembeli",
            "phone": "081298765432",
            "street": "Jl. Cikini Raya No. 12",
            "rt_rw": "003/007",
            "kelurahan": "Cikini",
            "kecamatan": "Menteng",
            "city": "Jakarta Pusat",
            "province": "ID-JK",
            "postal_code": "10330",
        },
    )
    return address, 1


def _purchases(*, buyer: User, address: Address, moderator: User, artisan: Artisan) -> list[str]:
    """One purchase per state of ORDER_STATES, unless the buyer has purchases already."""
    if Purchase.objects.filter(buyer=buyer).exists():
        return []
    # Ready-stock variants of the artisan, reused in turn when the catalogue is small (each sells one per order).
    variants = list(
        Variant.objects.filter(
            product__in=Product.objects.public().filter(artisan=artisan, made_to_order=False, min_order_quantity=1),
            stock__gte=len(ORDER_STATES),
        ).order_by("product__slug", "position", "pk")[: len(ORDER_STATES)]
    )
    if not variants:
        return []
    rate = ShippingRate.objects.get(
        courier="JNE", service="REG", zone=zone_for(origin_province=artisan.province, address=address)
    )
    cart = cart_get_or_create(user=buyer)
    done: list[str] = []
    for state, variant in zip(ORDER_STATES, itertools.cycle(variants), strict=False):
        cart_line_add(cart=cart, variant_id=variant.pk, quantity=1)
        purchase = purchase_checkout(
            buyer=buyer,
            cart=cart,
            data=CheckoutInput(address=str(address.public_id), shipping={artisan.slug: rate.pk}),
            idempotency_key=f"demo-{state}",
        )
        order = purchase.orders.get()
        if state != "awaiting_payment":
            payments.payment_confirm(purchase=purchase, by=moderator)
        if state in ("shipped", "delivered", "completed"):
            order = lifecycle.order_process(order=order, by=artisan.user)
            order = lifecycle.order_ship(order=order, by=artisan.user, courier="JNE", tracking=f"JNE{purchase.pk:010d}")
        if state in ("delivered", "completed"):
            order = lifecycle.order_deliver(order=order, by=moderator)
        if state == "completed":
            lifecycle.order_confirm(order=order, by=buyer)
        done.append(state.replace("_", " "))
    return done


def demo_state_seed(*, password_hash: str) -> DemoState:
    """Fill the queues and the buyer's and artisan's pages. Needs seed_demo's accounts, artisans and products."""
    buyer = User.objects.get(email=BUYER)
    moderator = User.objects.get(email=MODERATOR)
    artisan = Artisan.objects.select_related("user").get(slug=DEMO_ARTISAN)
    state = DemoState()
    state.applicants = _applicants(password_hash)
    state.pending_products = _pending_products()
    state.reports = _report(buyer)
    state.certifications = _certification(artisan)
    address, state.addresses = _address(buyer)
    state.purchases = _purchases(buyer=buyer, address=address, moderator=moderator, artisan=artisan)
    return state
