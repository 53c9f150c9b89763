"""The proforma invoice of an accepted quote (issue 18 with issue 17): made on the quote's deposit order from the
accepted revision — the ladder price at the ordered quantity, the quote's Incoterm and place, its freight and
insurance estimates, deposit and balance terms, valid as long as the quote — for the two parties and covering staff,
versioned like the other documents."""

from __future__ import annotations

import pytest

from craftmarket.common.errors import NotFound
from orders.documents.models import Document
from orders.documents.services import document_generate
from orders.quotes import services
from orders.quotes.models import QuoteOrder
from tests.documents.test_documents import flat, text_of
from tests.factories import UserFactory
from tests.quotes.factories import in_days, quote, weaver

pytestmark = pytest.mark.django_db


def accepted_quote_order() -> QuoteOrder:
    weaver(nib="9120001234567", business_name="Anyaman Eceng Gondok Tulungagung")
    sent = quote(
        sample_included=False,
        sample_lead_days=None,
        deposit_percent=30,
        freight_estimate=4_500_000,
        insurance_estimate=250_000,
        incoterm="CIF",
        incoterm_place="Rotterdam",
        valid_until=in_days(20),
    )
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    return QuoteOrder.objects.select_related("first_order__artisan__user", "first_order__buyer", "quote__rfq").get()


def test_the_proforma_of_an_accepted_quote_prints_the_quote_terms():
    made = accepted_quote_order()
    order = made.first_order
    document = document_generate(order=order, kind=Document.Kind.PROFORMA, by=order.buyer)
    text = flat(text_of(document))
    assert document.number.startswith("PI-") and document.version == 1
    assert "Water-hyacinth baskets, two sizes, our logo" in text
    # 300 pieces at the ladder's 300-row price
    assert "52.000" in text and "15.600.000" in text
    assert "CIF Rotterdam" in text
    assert "4.500.000" in text and "250.000" in text and "20.350.000" in text  # goods + freight + insurance
    assert "Deposit 30% now" in text and "balance 70%" in text and "before shipment" in text
    assert f"{made.quote.revisions.get(number=made.revision).valid_until:%d %B %Y}" in text
    assert "Anyaman Eceng Gondok Tulungagung" in text and "9120001234567" in text
    # the same data is the same version, for the artisan too
    again = document_generate(order=order, kind=Document.Kind.PROFORMA, by=order.artisan.user)
    assert again.pk == document.pk and Document.objects.count() == 1


def test_only_the_parties_and_covering_staff_get_the_quote_proforma():
    made = accepted_quote_order()
    with pytest.raises(NotFound):
        document_generate(order=made.first_order, kind=Document.Kind.PROFORMA, by=UserFactory())
    with pytest.raises(NotFound):
        document_generate(order=made.first_order, kind=Document.Kind.PROFORMA, by=UserFactory(is_staff=False))
    assert Document.objects.count() == 0


def test_the_buyer_and_the_artisan_quote_pages_have_the_proforma_button(client):
    from django.urls import reverse

    made = accepted_quote_order()
    action = reverse("documents:generate", args=[made.first_order.number, "proforma"])
    client.force_login(made.first_order.buyer)
    page = client.get(reverse("quotes:quote", args=[made.quote.public_id])).content.decode()
    assert f'action="{action}"' in page
    response = client.post(action)
    assert response.status_code == 302 and "/documents/" in response["Location"]
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    client.force_login(made.first_order.artisan.user)
    page = client.get(reverse("quotes:studio-quote", args=[made.quote.public_id])).content.decode()
    assert f'action="{action}"' in page
    assert client.post(action).status_code == 302
    assert Document.objects.filter(order=made.first_order).count() == 1  # same data, same version
    client.force_login(UserFactory())
    assert client.post(action).status_code == 404


def test_without_the_artisan_nib_the_quote_proforma_is_refused_and_nothing_is_written():
    from craftmarket.common.errors import DomainError

    made = accepted_quote_order()
    artisan = made.first_order.artisan
    artisan.nib = ""
    artisan.save(update_fields=["nib"])
    with pytest.raises(DomainError) as exc:
        document_generate(order=made.first_order, kind=Document.Kind.PROFORMA, by=made.first_order.buyer)
    assert "NIB" in exc.value.message
    assert Document.objects.count() == 0


def test_a_changed_estimate_makes_version_two_with_the_same_number():
    made = accepted_quote_order()
    first = document_generate(order=made.first_order, kind=Document.Kind.PROFORMA, by=made.first_order.buyer)
    made.quote.revisions.filter(number=made.revision).update(freight_estimate=5_000_000)
    second = document_generate(order=made.first_order, kind=Document.Kind.PROFORMA, by=made.first_order.buyer)
    assert (second.number, second.version) == (first.number, 2)
    assert "5.000.000" in flat(text_of(second))
