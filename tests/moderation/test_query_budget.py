"""The moderation lists cost the same number of queries for 2 rows as for 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from artisans.models import Artisan
from catalog.models import Report
from tests.artisans.factories import CertificationFactory
from tests.moderation import factories as f

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/artisans/artisan/",
    "/admin/artisans/artisanreviewqueue/",
    "/admin/artisans/certification/",
    "/admin/catalog/product/",
    "/admin/catalog/productreviewqueue/",
    "/admin/catalog/report/",
]


def _add_rows(n: int) -> None:
    for i in range(n):
        artisan = f.submitted_artisan(province=f.YOGYA if i % 2 else f.BALI)
        CertificationFactory(artisan=artisan)
        pending = f.product(status="pending")
        f.ImageFactory(product=pending)
        published = f.product()
        Report.objects.create(product=published, reason="other", reporter_key=f"k{i}")


@pytest.mark.parametrize("url", LISTS)
def test_moderation_lists_do_not_grow_queries_with_rows(client, url):
    client.force_login(f.regional([f.YOGYA, f.BALI]))
    _add_rows(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _add_rows(10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert Artisan.objects.count() >= 12
