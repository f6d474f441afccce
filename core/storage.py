"""Private files: what names a person or is for facilitators only.

``MEDIA_ROOT`` is public in every real deployment (the web server serves it
without asking Django), so such files go to the ``"private"`` storage of
``settings.STORAGES`` instead, and reach a reader only through a view that
checks permission. Code always goes through
``django.core.files.storage.storages["private"]`` (open, save, delete,
exists), never a filesystem path, so the backend can be swapped for S3-style
storage by settings alone.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property

PRIVATE = "private"


def private_storage():
    """For ``FileField(storage=private_storage)``: the configured private storage."""
    return storages[PRIVATE]


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT``, which have no public address."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError(
            "Private files have no public address: serve them through a view "
            "that checks permission."
        )

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def check_private_root(app_configs=None, **kwargs):
    """A private folder inside the public one would be served to anyone."""
    from pathlib import Path

    from django.core.checks import Error

    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents:
        return [
            Error(
                "PRIVATE_MEDIA_ROOT is inside MEDIA_ROOT, which the web server "
                "serves to anyone.",
                hint="Set PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT.",
                id="core.E001",
            )
        ]
    return []
