"""The access-control matrix: for every object-level page and API endpoint (purchases, orders, addresses, cart
items, products, images, the artisan profile, certifications, documents, notifications, conversation threads,
messages and their attachments, complaints and their evidence photos), a second buyer, a second
artisan, an anonymous visitor and a regional moderator of another province try to read, change and delete someone
else's object. Every attempt is refused (a redirect to the login for anonymous visitors, 401/403/404 otherwise) and
nothing changes. Regional moderators' admin scoping is proven in tests/moderation/test_scoping.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from artisans.business import services as business_services
from artisans.business.models import BusinessProfile
from artisans.models import Artisan, ArtisanPhoto, Certification
from catalog.models import Product, ProductImage, Variant
from catalog.selectors import category_tree_forget_local
from catalog.wholesale.models import PriceTier, SampleOffer
from craftmarket.common.models import Notification
from orders.complaints.models import Complaint, ComplaintEvidence, ComplaintTransition
from orders.conversations import services as conversations
from orders.conversations.models import Attachment, Message, Participant, Report, Thread
from orders.documents.models import Document, OriginDocument, Package
from orders.documents.services import document_generate, origin_document_record
from orders.models import Address, CartLine, Order, Payment, Purchase
from orders.paymethods.models import Charge
from orders.performance.models import PerformanceSnapshot
from orders.quotes import services as quote_services
from orders.quotes.models import RFQ, Quote, QuoteOrder, QuoteRevision
from orders.reviews.models import Review
from orders.services.payments import payment_confirm
from tests.artisans.factories import PDF_BYTES, CertificationFactory
from tests.catalog.factories import draft, jpeg_bytes, published
from tests.complaints.factories import complaint, delivered_order
from tests.conftest import media_settings
from tests.documents.factories import export_order
from tests.e2e.journeys.conftest import seed_reference_data
from tests.factories import ArtisanFactory, UserFactory
from tests.moderation.factories import BALI, regional
from tests.orders.factories import AddressFactory, cart_with, checkout
from tests.orders.reviews.factories import completed_order, review
from tests.quotes.factories import quote as quote_for
from tests.quotes.factories import rfq as rfq_for
from tests.wholesale.factories import verified_business

pytestmark = pytest.mark.django_db

WATCHED = (
    Artisan,
    ArtisanPhoto,
    Certification,
    Product,
    Variant,
    ProductImage,
    Purchase,
    Order,
    Payment,
    Charge,
    Address,
    Review,
    Thread,
    Participant,
    Message,
    Attachment,
    Report,
    BusinessProfile,
    PriceTier,
    Complaint,
    ComplaintEvidence,
    ComplaintTransition,
    Document,
    Package,
    OriginDocument,
    SampleOffer,
    RFQ,
    Quote,
    QuoteRevision,
    QuoteOrder,
)


@dataclass(frozen=True)
class Attempt:
    id: str
    api: bool
    method: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict] | None = None
    multipart: bool = False


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bukti.pdf", PDF_BYTES, content_type="application/pdf")


def _jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")


def r(name: str, **kwargs: Callable[[dict], Any]) -> Callable[[dict], str]:
    return lambda w: reverse(name, kwargs={key: fn(w) for key, fn in kwargs.items()})


PURCHASE = {"number": lambda w: w["purchase"].number}
ORDER = {"number": lambda w: w["order"].number}
DRAFT = {"slug": lambda w: w["draft"].slug}
CERT = {"pk": lambda w: w["certification"].pk}
REVIEW = {"pk": lambda w: w["review"].pk}
COMPLAINT = {"pk": lambda w: w["complaint"].pk}
EVIDENCE = {"pk": lambda w: w["complaint"].pk, "evidence_id": lambda w: w["complaint"].evidence.get().pk}
REVIEWED = {"number": lambda w: w["completed"].number, "product_id": lambda w: w["review"].product_id}
THREAD = {"thread_id": lambda w: w["thread"].public_id}
EXPORT = {"number": lambda w: w["export_order"].number}
DOCUMENT = {"pk": lambda w: w["document"].pk}
RFQ_ID = {"public_id": lambda w: w["rfq"].public_id}
QUOTE_ID = {"public_id": lambda w: w["quote"].public_id}
QUOTE_ORDER = {"pk": lambda w: w["quote_order"].pk}

ATTEMPTS = [
    # purchases and payment proofs
    Attempt("web-purchase-read", False, "get", r("orders:purchase", **PURCHASE)),
    Attempt("web-purchase-proof", False, "post", r("orders:purchase", **PURCHASE), lambda w: {"proof": _pdf()}),
    Attempt("api-purchase-read", True, "get", r("api-purchase", **PURCHASE)),
    Attempt("api-purchase-proof", True, "post", r("api-purchase-proof", **PURCHASE), lambda w: {"proof": _pdf()}, True),
    # payment methods: choosing one, its QR code, the sandbox payment
    Attempt(
        "web-purchase-method", False, "post", r("orders:purchase-method", **PURCHASE), lambda w: {"method": "qris"}
    ),
    Attempt("web-purchase-qr", False, "get", r("orders:purchase-qr", **PURCHASE)),
    Attempt("web-purchase-sandbox-pay", False, "post", r("orders:purchase-sandbox-pay", **PURCHASE)),
    Attempt("api-purchase-payment-read", True, "get", r("api-purchase-payment", **PURCHASE)),
    Attempt(
        "api-purchase-payment-choose", True, "post", r("api-purchase-payment", **PURCHASE), lambda w: {"method": "qris"}
    ),
    Attempt("api-purchase-payment-qr", True, "get", r("api-purchase-payment-qr", **PURCHASE)),
    # orders, as the buyer and as the maker
    Attempt("web-order-read", False, "get", r("orders:order-detail", **ORDER)),
    Attempt("web-invoice-read", False, "get", r("orders:invoice", **ORDER)),
    Attempt(
        "web-order-cancel",
        False,
        "post",
        r("orders:order-action", action=lambda w: "cancel", **ORDER),
        lambda w: {"reason": "x"},
    ),
    Attempt("web-studio-order-read", False, "get", r("orders:studio-order", **ORDER)),
    Attempt("web-packing-slip-read", False, "get", r("orders:packing-slip", **ORDER)),
    Attempt(
        "web-studio-order-process", False, "post", r("orders:studio-order", **ORDER), lambda w: {"action": "process"}
    ),
    Attempt(
        "web-studio-order-cancel",
        False,
        "post",
        r("orders:studio-order", **ORDER),
        lambda w: {"action": "cancel", "reason": "x"},
    ),
    Attempt("api-order-read", True, "get", r("api-order", **ORDER)),
    Attempt("api-order-cancel", True, "post", r("api-order-action", action=lambda w: "cancel", **ORDER), lambda w: {}),
    Attempt(
        "api-order-process", True, "post", r("api-order-action", action=lambda w: "process", **ORDER), lambda w: {}
    ),
    Attempt(
        "api-order-ship",
        True,
        "post",
        r("api-order-action", action=lambda w: "ship", **ORDER),
        lambda w: {"tracking": "JNE123"},
    ),
    # addresses
    Attempt(
        "web-address-delete", False, "post", r("orders:address-delete", address_id=lambda w: w["address"].public_id)
    ),
    Attempt("api-address-delete", True, "delete", r("api-address", address_id=lambda w: w["address"].public_id)),
    Attempt(
        "web-address-edit-read", False, "get", r("orders:address-edit", address_id=lambda w: w["address"].public_id)
    ),
    Attempt(
        "web-address-edit",
        False,
        "post",
        r("orders:address-edit", address_id=lambda w: w["address"].public_id),
        lambda w: {"recipient": "Penyusup", "phone": "081234567890", "street": "Jl. Lain", "city": "Kota"},
    ),
    Attempt(
        "api-address-change",
        True,
        "patch",
        r("api-address", address_id=lambda w: w["address"].public_id),
        lambda w: {"street": "Jl. Lain"},
    ),
    # cart items
    Attempt(
        "web-cart-item-change",
        False,
        "post",
        r("orders:cart-update", item_id=lambda w: w["line"].public_id),
        lambda w: {"quantity": 3},
    ),
    Attempt(
        "api-cart-item-change",
        True,
        "patch",
        r("api-cart-item", item_id=lambda w: w["line"].public_id),
        lambda w: {"quantity": 3},
    ),
    Attempt("api-cart-item-delete", True, "delete", r("api-cart-item", item_id=lambda w: w["line"].public_id)),
    # products (a draft nobody else may see) and their images
    Attempt("web-product-edit-read", False, "get", r("catalog:studio-edit", **DRAFT)),
    Attempt("web-product-edit", False, "post", r("catalog:studio-edit", **DRAFT), lambda w: {"name": "Diambil alih"}),
    Attempt("web-product-submit", False, "post", r("catalog:studio-submit", **DRAFT)),
    Attempt("web-product-archive", False, "post", r("catalog:studio-archive", **DRAFT)),
    Attempt("web-product-duplicate", False, "post", r("catalog:studio-duplicate", **DRAFT)),
    Attempt(
        "web-product-quick-edit",
        False,
        "post",
        r("catalog:studio-quick-edit", **DRAFT),
        lambda w: {"price": 1000, "stock": 0},
    ),
    Attempt("web-published-edit", False, "post", r("catalog:studio-edit", slug=lambda w: w["product"].slug), None),
    Attempt(
        "web-variant-add",
        False,
        "post",
        r("catalog:studio-variant-add", slug=lambda w: w["product"].slug),
        lambda w: {"variant-name": "Ukuran L", "variant-price": 1000, "variant-stock": 1},
    ),
    Attempt("api-product-read", True, "get", r("api-product", **DRAFT)),
    Attempt("api-product-change", True, "patch", r("api-product", **DRAFT), lambda w: {"name": "Diambil alih"}),
    Attempt("api-product-delete", True, "delete", r("api-product", **DRAFT)),
    Attempt(
        "api-published-change",
        True,
        "patch",
        r("api-product", slug=lambda w: w["product"].slug),
        lambda w: {"price": 1000},
    ),
    Attempt("api-published-delete", True, "delete", r("api-product", slug=lambda w: w["product"].slug)),
    Attempt("api-product-submit", True, "post", r("api-product-submit", **DRAFT), lambda w: {}),
    Attempt(
        "api-image-add", True, "post", r("api-product-images", **DRAFT), lambda w: {"image": _jpg()}, multipart=True
    ),
    Attempt("api-image-delete", True, "delete", r("api-product-image", image_id=lambda w: w["image"].pk, **DRAFT)),
    # certifications and their documents (the artisan profile itself is only reachable as "me")
    Attempt("web-certification-read", False, "get", r("studio:certification-edit", **CERT)),
    Attempt(
        "web-certification-edit",
        False,
        "post",
        r("studio:certification-edit", **CERT),
        lambda w: {"name": "Palsu", "issuer": "Palsu"},
    ),
    Attempt("web-certification-delete", False, "post", r("studio:certification-delete", **CERT)),
    Attempt("web-document-read", False, "get", r("studio:certification-document", **CERT)),
    Attempt("api-certification-read", True, "get", r("api-certification-detail", **CERT)),
    Attempt(
        "api-certification-change",
        True,
        "patch",
        r("api-certification-detail", **CERT),
        lambda w: {"name": "Palsu"},
    ),
    Attempt("api-certification-delete", True, "delete", r("api-certification-detail", **CERT)),
    # reviews: the buyer's review of a completed order, and the artisan's reply
    Attempt("web-review-form-read", False, "get", r("reviews:review-form", **REVIEWED)),
    Attempt("web-review-form-post", False, "post", r("reviews:review-form", **REVIEWED), lambda w: {"rating": "1"}),
    Attempt("web-review-reply", False, "post", r("reviews:studio-reply", **REVIEW), lambda w: {"reply": "Bukan saya"}),
    Attempt("api-review-read", True, "get", r("api-review", **REVIEW)),
    Attempt("api-review-change", True, "patch", r("api-review", **REVIEW), lambda w: {"rating": 1}),
    Attempt("api-review-reply", True, "post", r("api-review-reply", **REVIEW), lambda w: {"reply": "Bukan saya"}),
    Attempt(
        "api-review-create",
        True,
        "post",
        lambda w: reverse("api-reviews"),
        lambda w: {"order": w["completed"].number, "product": w["second_product"].slug, "rating": 1},
    ),
    # conversation threads, their messages and attachments (the moderator of another province included)
    Attempt("web-thread-read", False, "get", r("conversations:thread", **THREAD)),
    Attempt("web-studio-thread-read", False, "get", r("conversations:studio-thread", **THREAD)),
    Attempt("web-thread-post", False, "post", r("conversations:thread", **THREAD), lambda w: {"body": "Penyusup"}),
    Attempt(
        "web-thread-post-file",
        False,
        "post",
        r("conversations:thread", **THREAD),
        lambda w: {"body": "", "attachments": [_pdf()]},
    ),
    Attempt("web-thread-report", False, "post", r("conversations:report", **THREAD), lambda w: {"reason": "spam"}),
    Attempt("web-attachment-read", False, "get", r("conversations:attachment", pk=lambda w: w["attachment"].pk)),
    Attempt(
        "web-order-thread-start",
        False,
        "post",
        r("conversations:start-order", **ORDER),
        lambda w: {"body": "Penyusup"},
    ),
    Attempt("api-thread-read", True, "get", r("api-thread", **THREAD)),
    Attempt(
        "api-thread-post",
        True,
        "post",
        r("api-thread-messages", **THREAD),
        lambda w: {"body": "Penyusup", "attachments": [_jpg()]},
        True,
    ),
    Attempt("api-thread-report", True, "post", r("api-thread-report", **THREAD), lambda w: {"reason": "spam"}),
    Attempt(
        "api-order-thread-start", True, "post", r("api-threads"), lambda w: {"order": w["order"].number, "body": "x"}
    ),
    # wholesale: the artisan's tier rows, the buyer's business profile (the API only answers the caller's own)
    Attempt(
        "web-studio-tiers",
        False,
        "post",
        r("wholesale:studio-tiers", slug=lambda w: w["product"].slug),
        lambda w: {
            f"tier-{w['product'].variants.get().pk}-1-qty": "10",
            f"tier-{w['product'].variants.get().pk}-1-price": "1",
        },
    ),
    Attempt(
        "web-studio-sample",
        False,
        "post",
        r("wholesale:studio-sample", slug=lambda w: w["product"].slug),
        lambda w: {"sample-offered": "on", "sample-price": "1", "sample-max_units": "3", "sample-lead_days": "1"},
    ),
    Attempt("api-business-read", True, "get", lambda w: reverse("api-business-profile")),
    # complaints: the buyer's complaint about a delivered order, with an evidence photo
    Attempt("web-complaint-read", False, "get", r("complaints:detail", **COMPLAINT)),
    Attempt(
        "web-complaint-withdraw",
        False,
        "post",
        r("complaints:detail", **COMPLAINT),
        lambda w: {"action_kind": "withdraw"},
    ),
    Attempt(
        "web-complaint-answer",
        False,
        "post",
        r("complaints:detail", **COMPLAINT),
        lambda w: {"action_kind": "answer", "action": "accept"},
    ),
    Attempt("web-complaint-evidence", False, "get", r("complaints:evidence", **EVIDENCE)),
    Attempt(
        "web-complaint-new",
        False,
        "post",
        r("complaints:new", number=lambda w: w["delivered"].number),
        lambda w: {"reason": "damaged", "request": "refund_full", "description": "Penyusup"},
    ),
    Attempt("api-complaint-read", True, "get", r("api-complaint", **COMPLAINT)),
    Attempt(
        "api-complaint-answer", True, "post", r("api-complaint-answer", **COMPLAINT), lambda w: {"action": "accept"}
    ),
    Attempt("api-complaint-escalate", True, "post", r("api-complaint-escalate", **COMPLAINT), lambda w: {}),
    Attempt("api-complaint-withdraw", True, "post", r("api-complaint-withdraw", **COMPLAINT), lambda w: {}),
    Attempt("api-complaint-appeal", True, "post", r("api-complaint-appeal", **COMPLAINT), lambda w: {"reason": "x"}),
    Attempt(
        "api-complaint-create",
        True,
        "post",
        lambda w: reverse("api-complaints"),
        lambda w: {"order": w["delivered"].number, "reason": "damaged", "request": "refund_full", "description": "x"},
    ),
    # export documents (orders.documents): the PDFs, making them, the packages
    Attempt("web-export-document-read", False, "get", r("documents:download", **DOCUMENT)),
    Attempt("web-export-document-make", False, "post", r("documents:generate", kind=lambda w: "packing", **EXPORT)),
    Attempt("web-export-packages-read", False, "get", r("documents:studio-packages", **EXPORT)),
    Attempt(
        "web-export-packages-change",
        False,
        "post",
        r("documents:studio-packages", **EXPORT),
        lambda w: {
            "pkg-TOTAL_FORMS": 1,
            "pkg-INITIAL_FORMS": 0,
            "pkg-0-count": 1,
            "pkg-0-contents": "x",
            "pkg-0-length_cm": 1,
            "pkg-0-width_cm": 1,
            "pkg-0-height_cm": 1,
            "pkg-0-net_kg": 1,
            "pkg-0-gross_kg": 2,
        },
    ),  # fmt: skip
    Attempt("web-export-origin-read", False, "get", r("documents:studio-origin", **EXPORT)),
    Attempt(
        "web-export-origin-record",
        False,
        "post",
        r("documents:studio-origin", **EXPORT),
        lambda w: {"kind": "npe", "number": "NPE-999", "scan": _pdf()},
    ),
    Attempt("web-export-origin-scan", False, "get", r("documents:origin-scan", pk=lambda w: w["origin_document"].pk)),
    Attempt("api-export-document-file", True, "get", r("api-document-file", **DOCUMENT)),
    Attempt("api-export-documents-read", True, "get", r("api-order-documents", **EXPORT)),
    Attempt(
        "api-export-documents-make", True, "post", r("api-order-documents", **EXPORT), lambda w: {"kind": "packing"}
    ),
    Attempt("api-export-packages-read", True, "get", r("api-order-packages", **EXPORT)),
    Attempt(
        "api-export-packages-change",
        True,
        "put",
        r("api-order-packages", **EXPORT),
        lambda w: {
            "packages": [
                {
                    "count": 1,
                    "length_cm": "1",
                    "width_cm": "1",
                    "height_cm": "1",
                    "net_weight_grams": 1,
                    "gross_weight_grams": 2,
                    "contents": "x",
                }
            ]
        },
    ),  # fmt: skip
    # requests for quotation, quotes and their orders (orders.quotes)
    Attempt("web-rfq-read", False, "get", r("quotes:rfq", **RFQ_ID)),
    Attempt("web-quote-read", False, "get", r("quotes:quote", **QUOTE_ID)),
    Attempt("web-quote-decline", False, "post", r("quotes:quote", **QUOTE_ID), lambda w: {"action": "decline"}),
    Attempt("web-studio-rfq-read", False, "get", r("quotes:studio-rfq", **RFQ_ID)),
    Attempt("web-studio-rfq-quote", False, "post", r("quotes:studio-rfq", **RFQ_ID), lambda w: {"quantity": "1"}),
    Attempt(
        "web-studio-quote-withdraw",
        False,
        "post",
        r("quotes:studio-quote", **QUOTE_ID),
        lambda w: {"action": "withdraw"},
    ),
    Attempt("api-rfq-read", True, "get", r("api-rfq", **RFQ_ID)),
    Attempt("api-rfq-close", True, "post", r("api-rfq-close", **RFQ_ID), lambda w: {"reason": "x"}),
    Attempt("api-rfq-photos-add", True, "post", r("api-rfq-photos", **RFQ_ID)),
    Attempt("api-rfq-quote", True, "post", r("api-rfq-quotes", **RFQ_ID), lambda w: {"quantity": 1}),
    Attempt("api-quote-read", True, "get", r("api-quote", **QUOTE_ID)),
    Attempt("api-quote-accept", True, "post", r("api-quote-accept", **QUOTE_ID)),
    Attempt("api-quote-counter", True, "post", r("api-quote-counter", **QUOTE_ID), lambda w: {"unit_price": 1}),
    Attempt("api-quote-withdraw", True, "post", r("api-quote-withdraw", **QUOTE_ID)),
    Attempt("api-quote-order-read", True, "get", r("api-quote-order", **QUOTE_ORDER)),
    # the proforma of an accepted quote, made on its deposit order (issue 18)
    Attempt(
        "web-quote-proforma-make",
        False,
        "post",
        r("documents:generate", number=lambda w: w["quote_order"].first_order.number, kind=lambda w: "proforma"),
    ),
    Attempt(
        "api-quote-proforma-make",
        True,
        "post",
        r("api-order-documents", number=lambda w: w["quote_order"].first_order.number),
        lambda w: {"kind": "proforma"},
    ),
    Attempt("api-quote-order-start", True, "post", r("api-production-start", **QUOTE_ORDER)),
    Attempt(
        "api-quote-order-cancel", True, "post", r("api-quote-order-cancel", **QUOTE_ORDER), lambda w: {"reason": "x"}
    ),
    # notifications
    Attempt("web-notification-open-post", False, "post", r("notification-open", pk=lambda w: w["notification"].pk)),
    Attempt("api-notification-read", True, "post", r("api-notification-read", pk=lambda w: w["notification"].pk)),
]


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module's ~480 tests (building it takes a good second: photos rendered, PDFs
    made, orders paid and delivered; per test it cost CI half an hour). It is built inside a transaction that is
    rolled back when the module ends, and every test runs in a savepoint of it (``db``), as Django's
    ``TestCase.setUpTestData`` does: what an attack changes is undone before the next one, and a change would also
    fail the attack's own ``state() == before``. Its files live in a media folder of the module's own."""
    media = media_settings(tmp_path_factory.mktemp("access-matrix-media"))
    with override_settings(**media), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_reference_data()  # an earlier transactional test may have flushed them
            category_tree_forget_local()
            cache.clear()
            yield _build_world(), media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(_world_once, db, settings):
    built, media = _world_once
    for name, value in media.items():  # the files of the world, not the test's own empty folders
        setattr(settings, name, value)
    return built


def _build_world() -> dict:
    """One buyer and one artisan with everything the matrix attacks, in realistic states."""
    product = published()
    artisan = product.artisan
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    purchase = checkout(buyer, address, (product.variants.get(), 1))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    second_product = published(owner=artisan, name="Tikar Pandan")
    completed = completed_order(buyer=buyer, products=[product, second_product])  # checks out the buyer's cart: first
    line = cart_with(buyer, (product.variants.get(), 1)).lines.get()
    extra = draft(owner=artisan, images=1, name="Kursi Rotan Rahasia")
    thread, _message, _created = conversations.conversation_start(
        by=buyer, product=product, body="Rahasia", files=[_pdf()]
    )
    conversations.thread_report(thread=thread, by=buyer, reason="fraud")  # readable by Yogyakarta's moderators only
    business_services.business_profile_save(
        user=buyer,
        data={"company_name": "PT Rahasia", "country": "ID", "business_type": "retailer", "tax_id": "012345678901000"},
    )
    delivered = delivered_order(buyer=buyer, product=second_product)
    disputed = complaint(order=delivered_order(buyer=buyer, product=second_product), photos=[_jpg()])
    exported = export_order()  # a Yogyakarta workshop's order to Hamburg, packed, with its proforma invoice
    verified_business(buyer)
    request = rfq_for(by=buyer, artisan=artisan)
    accepted = quote_for(request=request, artisan=artisan, sample_included=False, sample_lead_days=None)
    quote_services.quote_accept(quote=accepted, by=buyer)
    return {
        "delivered": delivered,
        "complaint": disputed,
        "export_order": exported,
        "document": document_generate(order=exported, kind="proforma", by=exported.buyer),
        "origin_document": origin_document_record(
            order=exported, by=exported.artisan.user, kind="peb", number="PEB-1", scan=_pdf()
        ),
        "completed": completed,
        "second_product": second_product,
        "review": review(order=completed, product=product, rating=5),
        "buyer": buyer,
        "artisan": artisan,
        "product": product,
        "purchase": purchase,
        "order": purchase.orders.get(),
        "address": address,
        "line": line,
        "draft": extra,
        "image": extra.images.get(),
        "certification": CertificationFactory(artisan=artisan),
        "thread": thread,
        "attachment": Attachment.objects.get(message__thread=thread),
        "notification": Notification.objects.filter(recipient=buyer).first(),
        "rfq": request,
        "quote": accepted,
        "quote_order": QuoteOrder.objects.get(quote=accepted),
    }


def state() -> dict:
    snapshot = {model.__name__: list(model.objects.order_by("pk").values()) for model in WATCHED}
    snapshot["CartLine"] = list(CartLine.objects.order_by("pk").values("pk", "cart_id", "variant_id", "quantity"))
    snapshot["Notification"] = list(Notification.objects.order_by("pk").values("pk", "read_at"))
    return snapshot


ATTACKERS = ["second-buyer", "second-artisan", "anonymous", "regional-moderator-of-bali"]


def _user(attacker: str):
    if attacker == "second-buyer":
        user = UserFactory()
        address = AddressFactory(user=user)
        return user, address
    if attacker == "second-artisan":
        return ArtisanFactory().user, None
    if attacker == "regional-moderator-of-bali":  # the objects are in DI Yogyakarta
        return regional(provinces=(BALI,), email="bali@dekranasda.id"), None
    return None, None


@pytest.mark.parametrize("attacker", ATTACKERS)
@pytest.mark.parametrize("attempt", ATTEMPTS, ids=[a.id for a in ATTEMPTS])
def test_no_one_else_reads_changes_or_deletes_an_object(world, attacker, attempt):
    assert world["notification"] is not None
    user, _address = _user(attacker)
    url = attempt.url(world)
    data = attempt.data(world) if attempt.data else {}
    before = state()

    if attempt.api:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        kwargs = {"format": "multipart" if attempt.multipart else "json"} if attempt.method != "get" else {}
        response = getattr(client, attempt.method)(url, data, **kwargs)
    else:
        from django.test import Client

        client = Client()
        if user is not None:
            client.force_login(user)
        response = getattr(client, attempt.method)(url, data)

    # Anonymous visitors are sent to the login, or get a 404 where the object is looked up in their own anonymous
    # cart (cart items); the API answers 401/403 (or 404 for the anonymous cart).
    if user is None and not attempt.api:
        assert response.status_code in (302, 404), (attempt.id, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse(settings.LOGIN_URL)), response["Location"]
    elif user is None:
        assert response.status_code in (401, 403, 404), (attempt.id, response.status_code)
    else:
        assert response.status_code in (403, 404), (attempt.id, response.status_code, response.content[:200])
    assert state() == before


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_no_one_else_reads_an_artisans_performance_figures(world, attacker):
    """/api/v1/artisans/me/performance/ has no object id to guess: it answers with the caller's own figures (a
    second artisan gets theirs, empty here), or refuses (anonymous 401/403, buyers and moderators 404)."""
    PerformanceSnapshot.objects.create(
        artisan=world["artisan"], date=world["order"].created_at.date(), orders_paid=7, rating_count=0
    )
    user, _address = _user(attacker)
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    before = state()
    response = client.get(reverse("api-artisan-me-performance"))
    if attacker == "second-artisan":
        assert response.status_code == 200
        assert response.json()["latest"] is None  # their own: nothing computed yet, never the victim's 7 orders
    else:
        assert response.status_code in ((401, 403) if user is None else (404,)), (attacker, response.status_code)
    assert b'"orders_paid":7' not in response.content
    assert PerformanceSnapshot.objects.count() == 1
    assert state() == before
