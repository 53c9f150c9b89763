"""Hostile input, as reusable test data: every endpoint gets the same abuse.

An endpoint is described once (``Endpoint``: method, path, a valid body or query); ``body_cases`` and
``query_cases`` then replace one field at a time with each hostile value of that field's kind, and
``MALFORMED_BODIES`` send bodies that are not what they claim to be. ``assert_clean_refusal`` is the oracle: never
a 5xx, and a refusal is JSON with a human-readable message.

Later rounds add their endpoints to ``ENDPOINTS`` (or build their own list) and parametrise with
``pytest.mark.parametrize(("endpoint", "case"), body_cases(ENDPOINTS), ids=case_id)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Hostile:
    id: str
    value: Any
    # True where a lenient but correct parser may accept the value (a number sent for a text field).
    may_succeed: bool = False


LONG = "x" * 10_000
STRING_VALUES: tuple[Hostile, ...] = (
    Hostile("nul-inside", "Sari\x00Wulandari"),
    Hostile("nul-only", "\x00"),
    Hostile("long-10k", LONG),
    Hostile("long-10k-multibyte", "ê" * 10_000),
    Hostile("lone-surrogate", "\ud800abc"),
    Hostile("null", None),
    Hostile("bool", True),
    Hostile("list", ["a", "b"]),
    Hostile("object", {"$gt": ""}),
    Hostile("int-2^31", 2**31, may_succeed=True),
    Hostile("int-2^63", 2**63, may_succeed=True),
    Hostile("int-10^100", 10**100, may_succeed=True),
)
INTEGER_VALUES: tuple[Hostile, ...] = (
    Hostile("int-2^31", 2**31),
    Hostile("int-2^63", 2**63),
    Hostile("int-minus-2^63-1", -(2**63) - 1),
    Hostile("int-10^100", 10**100),
    Hostile("negative", -1),
    Hostile("fraction", 1.5),
    Hostile("float-huge", 1e308),
    Hostile("numeric-string-junk", "12abc"),
    Hostile("nul", "\x00"),
    Hostile("long-10k", "9" * 10_000),
    Hostile("null", None),
    Hostile("list", [1]),
    Hostile("object", {"a": 1}),
)
ENUM_VALUES: tuple[Hostile, ...] = (
    Hostile("unknown", "no-such-choice"),
    Hostile("nul", "id\x00"),
    Hostile("long-10k", LONG),
    Hostile("null", None),
    Hostile("list", ["id"]),
)
QUERY_VALUES: tuple[Hostile, ...] = (
    Hostile("nul", "\x00"),
    Hostile("long-10k", LONG),
    Hostile("negative", "-1"),
    Hostile("zero", "0"),
    Hostile("int-2^63", str(2**63)),
    Hostile("int-10^100", str(10**100)),
    Hostile("fraction", "1.5"),
    Hostile("junk", "1abc"),
    Hostile("empty", ""),
)
# Query parameters every list endpoint must survive, whether it uses them or not.
COMMON_QUERY = ("page", "page_size", "ordering", "q", "format", "lang")

_NESTED = "[" * 100_000 + "]" * 100_000
MALFORMED_BODIES: tuple[tuple[str, bytes, str], ...] = (
    ("json-truncated", b'{"email": ', "application/json"),
    ("json-trailing-garbage", b'{"email": "a@b.id"} xyz', "application/json"),
    ("json-invalid-utf8", b'{"email": "\xff\xfe"}', "application/json"),
    ("json-nan", b'{"email": NaN}', "application/json"),
    ("json-array", b"[1, 2, 3]", "application/json"),
    ("json-string", b'"just a string"', "application/json"),
    ("json-null", b"null", "application/json"),
    ("json-empty", b"", "application/json"),
    ("json-deeply-nested", _NESTED.encode(), "application/json"),
    ("json-nul-bytes", b"\x00\x00\x00", "application/json"),
    ("json-charset-bogus", b'{"email": "a@b.id"}', "application/json; charset=no-such-charset"),
    (
        "multipart-no-boundary",
        b"--x\r\nContent-Disposition: form-data; name=email\r\n\r\na\r\n--x--",
        "multipart/form-data",
    ),
    ("multipart-empty-boundary", b"--\r\n\r\n", "multipart/form-data; boundary="),
    (
        "multipart-unterminated",
        b'--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nabc',
        "multipart/form-data; boundary=x",
    ),
    ("multipart-garbage", b"\x00\xff" * 512, "multipart/form-data; boundary=x"),
    (
        "multipart-header-only",
        b'--x\r\nContent-Disposition: form-data; name="email"',
        "multipart/form-data; boundary=x",
    ),
    ("urlencoded-invalid-utf8", b"email=%ff%fe&password=%00", "application/x-www-form-urlencoded"),
    ("unsupported-type", b"<xml/>", "application/xml"),
)
# 415 is the right refusal for a media type the endpoint does not take.
MALFORMED_ALLOWED = (400, 415)

HOSTILE_PATHS: tuple[str, ...] = (
    "/%00",
    "/api/v1/%00/",
    "/api/v1/auth/register/%00",
    "/" + "x" * 10_000,
    "/api/v1/" + "a" * 10_000 + "/",
    "/api/v1/../../etc/passwd",
    "/api/v1/auth/token/..%2f..%2fschema",
    "/%ff%fe/",
    "/api/v1/%c0%af/",
)


@dataclass(frozen=True)
class Endpoint:
    """One operation under abuse. ``body``/``query`` hold valid values; their Python type picks the hostile
    values (str → STRING_VALUES, int → INTEGER_VALUES); ``enums`` names fields whose values are choices.
    ``tolerate`` lists (field, hostile id) pairs that this endpoint may legitimately accept."""

    method: str
    path: str
    body: dict[str, Any] | None = None
    query: dict[str, str] | None = None
    enums: frozenset[str] = frozenset()
    tolerate: frozenset[tuple[str, str]] = frozenset()
    auth: str | None = None  # "buyer", "artisan", "moderator"; the test's client fixture decides what it means
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class Case:
    id: str
    field: str | None
    hostile: Hostile
    may_succeed: bool


def _values_for(endpoint: Endpoint, name: str, valid: Any) -> tuple[Hostile, ...]:
    if name in endpoint.enums:
        return ENUM_VALUES
    if isinstance(valid, bool) or not isinstance(valid, int):
        return STRING_VALUES
    return INTEGER_VALUES


def body_cases(endpoints: Iterable[Endpoint]) -> Iterator[tuple[Endpoint, Case]]:
    for endpoint in endpoints:
        for name, valid in (endpoint.body or {}).items():
            for hostile in _values_for(endpoint, name, valid):
                tolerated = hostile.may_succeed or (name, hostile.id) in endpoint.tolerate
                yield endpoint, Case(f"{endpoint.name} {name}={hostile.id}", name, hostile, tolerated)


def query_cases(endpoints: Iterable[Endpoint]) -> Iterator[tuple[Endpoint, Case]]:
    for endpoint in endpoints:
        names = list(dict.fromkeys([*(endpoint.query or {}), *COMMON_QUERY]))
        for name in names:
            for hostile in QUERY_VALUES:
                yield endpoint, Case(f"{endpoint.name} ?{name}={hostile.id}", name, hostile, True)


def case_id(value: Any) -> str:
    if isinstance(value, Case):
        return value.id
    if isinstance(value, Endpoint):
        return ""
    return str(value)


def hostile_body(endpoint: Endpoint, case: Case) -> bytes:
    body = {**(endpoint.body or {}), case.field: case.hostile.value}
    return json.dumps(body).encode()


def hostile_query(endpoint: Endpoint, case: Case) -> dict[str, str]:
    return {**(endpoint.query or {}), case.field: case.hostile.value}


def _has_message(data: Any) -> bool:
    if isinstance(data, str):
        return bool(data.strip())
    if isinstance(data, dict):
        return any(_has_message(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_message(v) for v in data)
    return False


def assert_clean_refusal(response, *, allowed: Iterable[int] = (400,), may_succeed: bool = False) -> None:
    """Never a 5xx. A refusal has one of the ``allowed`` statuses and a JSON body with a message; when the input
    may legitimately be accepted, a 2xx is fine too."""
    status = response.status_code
    assert status < 500, f"server error {status}"
    if may_succeed and 200 <= status < 300:
        return
    assert status in tuple(allowed), f"status {status}, expected one of {tuple(allowed)}: {response.content[:300]!r}"
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert _has_message(response.json()), response.content[:300]


# The endpoints that exist in this round. Later rounds append theirs.
ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "post",
        "/api/v1/auth/register/",
        body={"email": "sari@example.id", "password": "anyaman-bambu-2026", "name": "Sari Wulandari", "language": "id"},
        enums=frozenset({"language"}),
    ),
    Endpoint("post", "/api/v1/auth/token/", body={"email": "sari@example.id", "password": "anyaman-bambu-2026"}),
]
# Round 2: the shop's endpoints. ``{name}`` in a path and the fields in ``WORLD_FIELDS`` are filled in by the test
# from objects it creates (test_hostile_input_authenticated.py); ``auth`` says whose client sends the request.
ENDPOINTS += [
    Endpoint("post", "/api/v1/cart/items/", body={"variant": 1, "quantity": 1}, auth="buyer", label="cart add"),
    Endpoint("patch", "/api/v1/cart/items/{line}/", body={"quantity": 2}, auth="buyer", label="cart change"),
    Endpoint(
        "post",
        "/api/v1/checkout/",
        body={"address": "{address}", "shipping": {}, "payment_method": "bank_transfer"},
        enums=frozenset({"payment_method"}),
        auth="buyer",
        label="checkout",
    ),
    Endpoint("post", "/api/v1/orders/{order}/cancel/", body={"reason": "Salah ukuran"}, auth="buyer", label="cancel"),
    Endpoint(
        "post",
        "/api/v1/orders/{order}/ship/",
        body={"courier": "JNE", "tracking": "JNE0012345"},
        auth="artisan",
        label="ship",
    ),
    Endpoint(
        "post",
        "/api/v1/products/",
        body={"name": "Tas Rotan", "category": "rotan", "price": 250_000, "weight_grams": 800, "stock": 3},
        tolerate=frozenset({("price", "int-2^31")}),  # Rp 2 147 483 648 is a big but valid price
        auth="artisan",
        label="product create",
    ),
    Endpoint(
        "patch",
        "/api/v1/products/{draft}/",
        body={"name": "Tas Rotan Besar", "price": 300_000, "lead_time_days": 7},
        tolerate=frozenset({("price", "int-2^31"), ("lead_time_days", "null")}),  # null: "no lead time"
        auth="artisan",
        label="product change",
    ),
    Endpoint(
        "patch",
        "/api/v1/artisans/me/",
        body={"business_name": "Sanggar Rotan", "story": "Sejak 1998.", "workers": 12, "regency": "Cirebon"},
        tolerate=frozenset({("workers", "null")}),  # null: "not told"
        auth="artisan",
        label="artisan me",
    ),
    Endpoint(
        "patch",
        "/api/v1/artisans/me/certifications/{certification}/",
        body={"name": "SVLK", "issuer": "Kementerian LHK", "number": "VLK-1"},
        auth="artisan",
        label="certification change",
    ),
    Endpoint(
        "post",
        "/api/v1/payments/midtrans/notify/",
        body={
            "order_id": "{purchase}",
            "status_code": "200",
            "gross_amount": "100000.00",
            "signature_key": "0" * 128,
            "transaction_status": "settlement",
            "transaction_id": "tx-1",
            "payment_type": "bank_transfer",
        },
        label="midtrans notify",
    ),
    # Payment methods: the world's purchase is paid, so even a valid method is refused (409) before any charge.
    Endpoint(
        "post", "/api/v1/purchases/{purchase}/payment/", body={"method": "qris"}, auth="buyer", label="pay method"
    ),
]

# Reviews (orders.reviews). The report endpoint is left out: valid bodies count towards its per-IP rate limit (429).
ENDPOINTS += [
    Endpoint(
        "post",
        "/api/v1/reviews/",
        body={"order": "{completed}", "product": "{reviewable}", "rating": 5, "text": "Anyamannya rapi"},
        auth="buyer",
        label="review create",
    ),
    Endpoint(
        "patch",
        "/api/v1/reviews/{review}/",
        body={"rating": 4, "text": "Tetap bagus"},
        auth="buyer",
        label="review edit",
    ),
    Endpoint(
        "post", "/api/v1/reviews/{review}/reply/", body={"reply": "Terima kasih"}, auth="artisan", label="review reply"
    ),
]
ENDPOINTS += [
    Endpoint(
        "post",
        "/api/v1/threads/",
        body={"product": "{published}", "body": "Apakah tersedia warna hitam?"},
        auth="buyer",
        label="thread start",
    ),
    Endpoint(
        "post",
        "/api/v1/threads/{thread}/messages/",
        body={"body": "Terima kasih, kak"},
        auth="buyer",
        label="message post",
    ),
    Endpoint(
        "post",
        "/api/v1/threads/{thread}/report/",
        body={"reason": "spam", "note": "Iklan"},
        enums=frozenset({"reason"}),
        auth="artisan",
        label="thread report",
    ),
]

# Requests for quotation (orders.quotes): the buyer's RFQ and counter-offer.
ENDPOINTS += [
    Endpoint(
        "post",
        "/api/v1/rfqs/",
        body={
            "title": "Keranjang eceng gondok",
            "quantity": 300,
            "destination_country": "NL",
            "destination_place": "Rotterdam",
            "incoterm": "FOB",
            "incoterm_place": "Surabaya",
            "closes_on": "2099-01-01",
        },
        enums=frozenset({"incoterm"}),
        auth="buyer",
        label="rfq create",
    ),
    Endpoint(
        "post",
        "/api/v1/quotes/{quote}/counter/",
        body={"quantity": 300, "unit_price": 50000, "notes": "Bisa lebih murah?"},
        # Every field of a counter is optional (null keeps the quote's value); 2^31 rupiah is a valid price.
        tolerate=frozenset({("quantity", "null"), ("unit_price", "null"), ("unit_price", "int-2^31")}),
        auth="buyer",
        label="quote counter",
    ),
]


def needs_world(endpoint: Endpoint) -> bool:
    """Whether the endpoint is sent by a signed-in user or refers to objects a test must create first."""
    placeholders = "{" in endpoint.path or any(
        isinstance(v, str) and v.startswith("{") for v in (endpoint.body or {}).values()
    )
    return endpoint.auth is not None or placeholders


# Body fields whose valid value is the id of an object the test creates.
WORLD_FIELDS = frozenset({"variant", "shipping"})
GET_ENDPOINTS: list[Endpoint] = [
    Endpoint("get", "/healthz"),
    Endpoint("get", "/api/v1/schema/", query={"format": "json", "lang": "id"}),
    Endpoint("get", "/api/v1/docs/"),
    Endpoint("get", "/"),
    Endpoint("get", "/accounts/login/", query={"next": "/"}),
]
# Signed-in list endpoints whose query every user controls (test_hostile_input_authenticated.py): never a 5xx, a
# refusal is JSON with a message.
AUTH_GET_ENDPOINTS: list[Endpoint] = [
    Endpoint("get", "/api/v1/notifications/", query={"page": "1", "page_size": "24"}, auth="buyer"),
    Endpoint("get", "/api/v1/notifications/unread-count/", auth="buyer"),
]
