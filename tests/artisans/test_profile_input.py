"""Bad profile input: a message at the field, nothing saved half-way, never a 500."""

import pytest
from django.core.exceptions import ValidationError

from artisans import services
from artisans.models import Artisan
from tests.artisans.factories import CompleteArtisanFactory
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _snapshot(artisan):
    return Artisan.objects.filter(pk=artisan.pk).values().get(), sorted(artisan.categories.values_list("pk", flat=True))


def test_create_normalises_phones_to_e164_and_sets_categories():
    category = CategoryFactory(slug="anyaman")
    artisan = services.artisan_create(
        user=UserFactory(),
        data={
            "business_name": "Anyaman Pandan Rajapolah",
            "province": "ID-JB",
            "phone": "0812-3456-7890",
            "whatsapp": "62 813 1111 2222",
            "nib": "9120 0010 1234 5",
            "categories": [category.pk],
            "techniques": "anyam, anyam , ANYAM, jahit",
        },
    )
    artisan.refresh_from_db()
    assert (artisan.phone, artisan.whatsapp, artisan.nib) == ("+6281234567890", "+6281311112222", "9120001012345")
    assert artisan.slug == "anyaman-pandan-rajapolah"
    assert artisan.status == Artisan.Status.DRAFT
    assert artisan.techniques == ["anyam", "jahit"]
    assert list(artisan.categories.all()) == [category]


def test_slug_is_unique_and_never_me():
    services.artisan_create(user=UserFactory(), data={"business_name": "Me", "province": "ID-BA"})
    second = services.artisan_create(user=UserFactory(), data={"business_name": "Me", "province": "ID-BA"})
    assert Artisan.objects.get(pk=second.pk).slug == "me-3"
    assert not Artisan.objects.filter(slug="me").exists()


def test_create_requires_business_name_and_province_and_saves_nothing():
    with pytest.raises(ValidationError) as exc:
        services.artisan_create(user=UserFactory(), data={"province": "ID-XX"})
    assert set(exc.value.message_dict) == {"business_name", "province"}
    assert Artisan.objects.count() == 0


def test_a_user_has_one_profile():
    artisan = CompleteArtisanFactory()
    with pytest.raises(Exception) as exc:
        services.artisan_create(user=artisan.user, data={"business_name": "Dua", "province": "ID-BA"})
    assert exc.value.code == "exists"
    assert Artisan.objects.count() == 1


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("nib", "12345", "NIB must be exactly 13 digits."),
        ("nib", "12345678901ab", "NIB must be exactly 13 digits."),
        ("postal_code", "4615", "Postal code must be 5 digits."),
        ("postal_code", "4615A", "Postal code must be 5 digits."),
        ("phone", "021-555-1234", "Enter a valid Indonesian mobile number, e.g. 0812 3456 7890."),
        ("whatsapp", "+1 202 555 0100", "Enter a valid Indonesian mobile number, e.g. 0812 3456 7890."),
        ("province", "ID-ZZ", "Value 'ID-ZZ' is not a valid choice."),
        ("business_type", "pt-tbk", "Value 'pt-tbk' is not a valid choice."),
        ("year_founded", 1850, "Enter a year between 1900 and"),
        ("categories", [999999], "Choose categories from the list."),
    ],
)
def test_invalid_field_is_refused_with_its_message_and_nothing_changes(field, value, message):
    artisan = CompleteArtisanFactory()
    before = _snapshot(artisan)
    with pytest.raises(ValidationError) as exc:
        services.artisan_update(artisan=artisan, by=artisan.user, data={"story": "Baru sekali.", field: value})
    assert list(exc.value.message_dict) == [field]
    assert exc.value.message_dict[field][0].startswith(message)
    assert _snapshot(artisan) == before


def test_duplicate_nib_is_refused_at_the_field():
    CompleteArtisanFactory(nib="9120001012345")
    artisan = CompleteArtisanFactory()
    before = _snapshot(artisan)
    with pytest.raises(ValidationError) as exc:
        services.artisan_update(artisan=artisan, by=artisan.user, data={"nib": "9120001012345", "workers": 9})
    assert exc.value.message_dict == {"nib": ["Another artisan is already registered with this NIB."]}
    assert _snapshot(artisan) == before


def test_empty_nibs_do_not_collide():
    CompleteArtisanFactory(nib="")
    artisan = CompleteArtisanFactory(nib="")
    services.artisan_update(artisan=artisan, by=artisan.user, data={"nib": ""})
    assert Artisan.objects.filter(nib="").count() == 2


@pytest.mark.parametrize(
    "story,stored",
    [
        ("<script>alert('x')</script>Batik tulis sejak 1980.", "Batik tulis sejak 1980."),
        ("<b>Rotan</b> & bambu <a href='javascript:alert(1)' onclick='x()'>kami</a>", "Rotan & bambu kami"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Ukiran Jepara", "Ukiran Jepara"),
        ("<img src=x onerror=alert(1)>Tenun ikat\r\n\r\n\r\n\r\nSumba", "Tenun ikat\n\nSumba"),
        ("Harga < 100 ribu dan > 50 ribu", "Harga < 100 ribu dan > 50 ribu"),
    ],
)
def test_story_is_stored_as_plain_text_without_markup(story, stored):
    artisan = CompleteArtisanFactory()
    services.artisan_update(artisan=artisan, by=artisan.user, data={"story": story})
    assert Artisan.objects.get(pk=artisan.pk).story == stored


def test_someone_else_cannot_update_a_profile():
    artisan = CompleteArtisanFactory()
    before = _snapshot(artisan)
    with pytest.raises(Exception) as exc:
        services.artisan_update(artisan=artisan, by=UserFactory(), data={"story": "Diretas"})
    assert exc.value.status == 403
    assert _snapshot(artisan) == before


def test_unknown_fields_are_refused():
    artisan = CompleteArtisanFactory()
    with pytest.raises(ValidationError) as exc:
        services.artisan_update(artisan=artisan, by=artisan.user, data={"status": "verified"})
    assert list(exc.value.message_dict) == ["status"]
    assert Artisan.objects.get(pk=artisan.pk).status == Artisan.Status.DRAFT


def test_a_too_long_story_is_refused():
    artisan = CompleteArtisanFactory()
    with pytest.raises(ValidationError) as exc:
        services.artisan_update(artisan=artisan, by=artisan.user, data={"story": "a" * 5001})
    assert exc.value.message_dict == {"story": ["The story can be at most 5000 characters."]}


def test_markup_is_stripped_from_names_and_addresses():
    artisan = CompleteArtisanFactory()
    services.artisan_update(
        artisan=artisan,
        by=artisan.user,
        data={"business_name": "<b>Sanggar</b> <script>x()</script>Rotan", "district": "<i>Plered</i>"},
    )
    artisan.refresh_from_db()
    assert (artisan.business_name, artisan.district) == ("Sanggar Rotan", "Plered")


def test_a_year_that_is_not_a_number_is_a_field_error():
    artisan = CompleteArtisanFactory()
    with pytest.raises(ValidationError) as exc:
        services.artisan_update(artisan=artisan, by=artisan.user, data={"year_founded": "dulu"})
    assert exc.value.message_dict == {"year_founded": ["Enter a whole number."]}


def test_a_nib_race_lost_at_the_database_is_a_field_error_not_a_500(monkeypatch):
    CompleteArtisanFactory(nib="9120001012345")
    artisan = CompleteArtisanFactory()
    before = _snapshot(artisan)
    # As if the other owner committed between our check and our write: only the constraint is left to decide.
    monkeypatch.setattr(Artisan, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as exc:
        services.artisan_update(artisan=artisan, by=artisan.user, data={"nib": "9120001012345"})
    assert exc.value.message_dict == {"nib": ["Another artisan is already registered with this NIB."]}
    assert _snapshot(artisan) == before
