"""The public artisans list (/artisans/): verified artisans only, a province filter, a constant query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ArtisanFactory
from tests.web.checks import problems, soup_of

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup_of(response).select(".artisan-card h2 a")]


def test_lists_only_verified_artisans_by_name(client):
    ArtisanFactory(business_name="Rotan Tegalwangi", province="ID-JB")
    ArtisanFactory(business_name="Perak Kotagede", province="ID-YO")
    ArtisanFactory(business_name="Belum Diverifikasi", status="submitted")
    response = client.get(reverse("artisans:list"))
    assert response.status_code == 200
    assert names(response) == ["Perak Kotagede", "Rotan Tegalwangi"]
    assert problems(response.content.decode()) == []


def test_province_filter_keeps_one_province_and_ignores_unknown_codes(client):
    ArtisanFactory(business_name="Rotan Tegalwangi", province="ID-JB")
    ArtisanFactory(business_name="Perak Kotagede", province="ID-YO")
    assert names(client.get(reverse("artisans:list"), {"province": "ID-YO"})) == ["Perak Kotagede"]
    assert len(names(client.get(reverse("artisans:list"), {"province": "XX"}))) == 2


def test_query_count_does_not_grow_with_the_artisans(client, django_assert_max_num_queries):
    for i in range(12):
        ArtisanFactory(province=["ID-YO", "ID-JB", "ID-BA"][i % 3])
    with django_assert_max_num_queries(5):  # count, page, categories, badges, photos
        assert client.get(reverse("artisans:list")).status_code == 200
