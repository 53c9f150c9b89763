"""The shared upload validators decide by content: hostile files are refused with a message, valid ones pass
whatever their name. The upload endpoints of later rounds are tested with the same files (hostile_files.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from craftmarket.common.uploads import validate_document, validate_image
from tests.security.hostile_files import hostile_documents, hostile_images, valid_images


@pytest.mark.parametrize(("case", "name", "data"), hostile_images(), ids=[c[0] for c in hostile_images()])
def test_hostile_images_are_refused_with_a_message(case, name, data):
    upload = SimpleUploadedFile(name, data, content_type="image/jpeg")
    with pytest.raises(ValidationError) as raised:
        validate_image(upload)
    assert raised.value.messages and raised.value.messages[0]


@pytest.mark.parametrize(("case", "name", "data"), hostile_documents(), ids=[c[0] for c in hostile_documents()])
def test_hostile_documents_are_refused_with_a_message(case, name, data):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    with pytest.raises(ValidationError) as raised:
        validate_document(upload)
    assert raised.value.messages and raised.value.messages[0]


@pytest.mark.parametrize(("case", "name", "data", "mime"), valid_images(), ids=[c[0] for c in valid_images()])
def test_valid_images_pass_whatever_their_name(case, name, data, mime):
    assert validate_image(SimpleUploadedFile(name, data, content_type="text/html")) == mime


def test_a_complete_pdf_passes_as_a_document():
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    assert validate_document(SimpleUploadedFile("nib.pdf", pdf)) == "application/pdf"
