"""Private files have no URL, and no path under MEDIA_URL reaches them."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from craftmarket.common.storage import private_storage
from craftmarket.security.storage import NoPublicURL

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4 NIB 1234567890123 rahasia"


@pytest.fixture
def private_file(settings) -> str:
    settings.DEBUG = True  # the media view exists only in DEBUG: test it where it is reachable
    return private_storage().save("certifications/nib.pdf", ContentFile(SECRET))


def test_a_private_file_has_no_public_url(private_file):
    with pytest.raises(NoPublicURL):
        private_storage().url(private_file)


def test_a_template_asking_for_the_url_renders_no_link_instead_of_crashing(private_file):
    from django.template import Context, Template

    # What FieldFile.url does for a file field stored in private storage, as in the admin's file widget.
    field_file = type("PrivateFieldFile", (), {"url": property(lambda self: private_storage().url(private_file))})()
    assert Template('<a href="{{ f.url }}">nib</a>').render(Context({"f": field_file})) == '<a href="">nib</a>'


@pytest.mark.parametrize(
    "path",
    [
        "/media/../private/{name}",
        "/media/%2e%2e/private/{name}",
        "/media/..%2fprivate/{name}",
        "/media/public/../../private/{name}",
        "/media//{root}/{name}",
        "/media/{root}/{name}",
        "/private_media/{name}",
        "/private/{name}",
        "/media/{name}",
        "/media/..\\private\\{name}",
        "/media/{name}%00.png",
    ],
)
def test_no_media_path_reaches_private_files(client, private_file, settings, path):
    url = path.format(name=private_file, root=str(settings.PRIVATE_MEDIA_ROOT).lstrip("/"))
    response = client.get(url)
    assert response.status_code in (400, 404)  # 400: a NUL byte is refused before routing
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body


def test_public_media_is_not_served_when_debug_is_off(client, settings):
    settings.DEBUG = False
    name = default_storage.save("products/tas.jpg", ContentFile(b"\xff\xd8\xff\xe0 jpeg"))
    assert client.get(f"/media/{name}").status_code == 404


def test_directories_and_missing_files_are_404(client, settings):
    settings.DEBUG = True
    default_storage.save("products/tas.jpg", ContentFile(b"\xff\xd8\xff\xe0 jpeg"))
    for url in ("/media/", "/media/products/", "/media/products/nope.jpg", "/media/."):
        assert client.get(url).status_code == 404, url
