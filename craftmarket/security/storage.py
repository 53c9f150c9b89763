"""Private file storage: the local flavour of "files with no public URL"."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class NoPublicURL(ValueError):
    """Raised by ``PrivateFileSystemStorage.url``: private files are served only through permission checks."""

    # In a template (for example the admin's file widget) the link renders empty instead of crashing the page.
    silent_variable_failure = True


class PrivateFileSystemStorage(FileSystemStorage):
    """Django's ``FileSystemStorage`` falls back to ``MEDIA_URL`` when ``base_url`` is None, which would hand out
    ``/media/<name>`` links for private files. This one refuses to build any URL at all."""

    def url(self, name: str | None) -> str:
        raise NoPublicURL(
            "Private files have no public URL; serve them through a permission-checked view "
            "with Content-Disposition: attachment."
        )
