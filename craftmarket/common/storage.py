"""Storage selectors, callable so that migrations reference them by path and settings stay lazy."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """Files that must never have a public URL: originals, certification documents, payment proofs."""
    return storages["private"]
