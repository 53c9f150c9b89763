"""Concurrent accepts of one quote on PostgreSQL: threads with their own connections, started together, make one
order."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from craftmarket.common.errors import DomainError
from orders.models import Order, Purchase
from orders.quotes import services
from orders.quotes.models import Quote, QuoteOrder, QuoteStatusChange

from .factories import quote, weaver

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_concurrently(n, work):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", work(i))
        except DomainError as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # anything else is a failure the test reports
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_eight_concurrent_accepts_of_one_quote_make_one_order():
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    buyer = sent.rfq.buyer

    def work(_i):
        return services.quote_accept(quote=Quote.objects.get(pk=sent.pk), by=buyer).status

    results = _run_concurrently(8, work)
    assert Counter(kind for kind, _ in results) == {"ok": 8}, results
    assert QuoteOrder.objects.count() == 1
    assert Order.objects.count() == 1 and Purchase.objects.count() == 1
    assert QuoteStatusChange.objects.filter(quote_id=sent.pk, to_status="accepted").count() == 1


def test_accept_racing_withdraw_gives_one_outcome():
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)

    def work(i):
        if i % 2:
            return services.quote_withdraw(quote=Quote.objects.get(pk=sent.pk), by=sent.artisan.user).status
        return services.quote_accept(quote=Quote.objects.get(pk=sent.pk), by=sent.rfq.buyer).status

    results = _run_concurrently(4, work)
    assert not [r for r in results if r[0] == "error"], results
    final = Quote.objects.get(pk=sent.pk).status
    assert final in ("accepted", "withdrawn")
    assert QuoteOrder.objects.count() == (1 if final == "accepted" else 0)
