"""The product page: price, stock or lead time, MOQ, variants, artisan card, related, SEO tags and JSON-LD."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from catalog import services
from catalog.models import ProductImage
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD script with a nonce"
    return json.loads(match.group(2))


def test_product_page_shows_everything_a_buyer_needs(client):
    owner = f.artisan(province="ID-JB", regency="Kabupaten Cirebon", business_name="Rotan Tegalwangi")
    product = f.published(
        owner=owner,
        name="Kursi Rotan </script><b>",
        price=1_250_000,
        min_order_quantity=2,
        materials="rotan, kulit",
        hs_code="94017900",
        stock=6,
    )
    related = f.published(owner=owner, name="Meja Rotan")
    response = client.get(reverse("catalog:product", args=[product.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rp 1.250.000" in html
    assert gettext("%(n)s in stock") % {"n": 6} in html
    assert gettext("Minimum order: %(n)s pieces") % {"n": 2} in html
    assert "Rotan Tegalwangi" in html and "Kabupaten Cirebon" in html
    assert f'<link rel="canonical" href="http://testserver/p/{product.slug}/">' in html
    assert '<meta property="og:title" content="Kursi Rotan &lt;/script&gt;&lt;b&gt;">' in html
    assert "<title>Kursi Rotan &lt;/script&gt;&lt;b&gt; · Rotan Tegalwangi · Craftmarket</title>" in html
    assert "<b>" not in html.split("<body>")[0].replace("&lt;b&gt;", "")
    data = _json_ld(html)
    assert data["@type"] == "Product"
    assert data["name"] == "Kursi Rotan </script><b>"
    assert data["offers"]["price"] == "1250000"
    assert data["offers"]["priceCurrency"] == "IDR"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    nonce = re.search(r'nonce="([^"]+)"', html).group(1)
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    assert related.name in html
    assert gettext("Photo is being processed") in html  # renditions pending: placeholder


def test_made_to_order_shows_lead_time_and_variants_table(client):
    product = f.published(made_to_order=True, lead_time_days=21, stock=0)
    services.product_update(
        product=product,
        by=product.artisan.user,
        fields={},
        variants=[services.VariantInput(name="Besar", price=400_000, stock=0)],
    )
    html = client.get(reverse("catalog:product", args=[product.slug])).content.decode()
    assert ngettext("Ready in %(days)s day", "Ready in %(days)s days", 21) % {"days": 21} in html
    assert "Besar" in html and "Rp 400.000" in html
    assert _json_ld(html)["offers"]["availability"] == "https://schema.org/PreOrder"


def test_gallery_uses_renditions_with_srcset_when_ready(client):
    product = f.published()
    ProductImage.objects.filter(product=product).update(
        status="ready",
        renditions=[
            {"width": 320, "url": "/media/r/320.webp", "format": "webp"},
            {"width": 960, "url": "/media/r/960.webp", "format": "webp"},
        ],
    )
    html = client.get(reverse("catalog:product", args=[product.slug])).content.decode()
    assert 'src="/media/r/960.webp"' in html
    assert 'srcset="/media/r/320.webp 320w, /media/r/960.webp 960w"' in html
    assert "Photo is being processed" not in html


def test_a_wood_product_page_shows_its_timber_legality_in_english_and_indonesian(client):
    """Issue 18: species (common and scientific), country of harvest and the V-Legal / DKP number, in the details."""
    from decimal import Decimal

    mask = f.published(
        name="Topeng Kayu Jati",
        category=f.cat("topeng"),
        svlk_certified=True,
        svlk_document_number="03.01-12345-DKP-2026",
        timber_document_kind="dkp",
        timber_species="Teak",
        timber_species_scientific="Tectona grandis",
        timber_harvest_country="ID",
        timber_volume_m3=Decimal("0.0060"),
    )
    basket = f.published(name="Keranjang Rotan", timber_species="Teak")  # not wood: nothing shown
    client.cookies["django_language"] = "en"
    html = client.get(reverse("catalog:product", args=[mask.slug])).content.decode()
    assert '<dt>Wood species</dt><dd>Teak (<i lang="la">Tectona grandis</i>)</dd>' in html
    assert "<dt>Country of harvest</dt><dd>Indonesia</dd>" in html
    assert "03.01-12345-DKP-2026" in html and "(DKP)" in html
    client.cookies["django_language"] = "id"
    html = client.get(reverse("catalog:product", args=[mask.slug])).content.decode()
    assert "<dt>Jenis kayu</dt>" in html and "<dt>Negara asal panen</dt>" in html and "Tectona grandis" in html
    assert "Jenis kayu" not in client.get(reverse("catalog:product", args=[basket.slug])).content.decode()
