"""Real concurrent requests for the same document on PostgreSQL: one version, one number; different orders never
share a number."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from orders.documents.models import Document
from orders.documents.services import document_generate
from tests.documents.factories import export_order
from tests.e2e.journeys.conftest import seed_reference_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Categories, shipping rates and the origin table, which a transactional test's flush removed."""
    seed_reference_data()


def _together(n: int, work) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", work(i))
        except Exception as exc:  # reported by the assertion below
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_eight_requests_for_the_same_document_make_one_version():
    order = export_order()
    results = _together(8, lambda i: document_generate(order=order, kind="proforma", by=order.buyer).pk)
    assert {kind for kind, _ in results} == {"ok"}, results
    assert len({pk for _, pk in results}) == 1
    assert Document.objects.filter(order=order).count() == 1


def test_documents_of_different_orders_get_different_numbers():
    orders = [export_order() for _ in range(4)]
    results = _together(4, lambda i: document_generate(order=orders[i], kind="packing", by=orders[i].buyer).number)
    assert {kind for kind, _ in results} == {"ok"}, results
    assert len({number for _, number in results}) == 4
