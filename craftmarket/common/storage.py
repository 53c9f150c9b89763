"""Storage selectors, callable so that migrations reference them by path and settings stay lazy."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """Files that must never have a public URL: originals, certification documents, payment proofs."""
    return storages["private"]


class StorageUnavailable(OSError):
    """The object store cannot be reached or refused the operation: nothing was stored
    (raised by craftmarket.common.s3.ObjectStorage)."""


def is_storage_outage(exc: BaseException | None) -> bool:
    """A storage outage, raised directly or as the cause of another error."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, StorageUnavailable):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
