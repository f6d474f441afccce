import secrets

from django.db import models

from core.storage import private_storage


def pack_file_name(instance, filename) -> str:
    """A name nobody can guess from the source or the options: the pack's
    address is the view's, which checks who is asking."""
    return f"packs/{secrets.token_urlsafe(24)}.pdf"


class PackFile(models.Model):
    """One rendered pack: a source (page or session) at one content revision,
    with one set of options. A new revision gets a new row; the superseded
    row and its file go when the new one is ready."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the worker"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200, unique=True)
    source_kind = models.CharField(max_length=10)  # "page" or "session"
    source_id = models.PositiveIntegerField()
    revision = models.CharField(max_length=64)
    options_slug = models.CharField(max_length=40)
    edition = models.CharField(max_length=20)
    size = models.CharField(max_length=10)
    booklet = models.BooleanField(default=False)
    title = models.CharField(max_length=255, blank=True)
    # Every pack is private (core/storage.py), a learner's pack too: it is
    # served by packs.views, which checks the source is still public.
    file = models.FileField(
        upload_to=pack_file_name, storage=private_storage, blank=True
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    error = models.TextField(blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["source_kind", "source_id", "options_slug"])]
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title or self.key} ({self.options_slug}, {self.status})"

    @staticmethod
    def make_key(*, source_ref: str, revision: str, options_slug: str) -> str:
        return f"{source_ref}:r{revision}:{options_slug}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @property
    def download_name(self) -> str:
        from django.utils.text import slugify

        return f"{slugify(self.title)[:60] or 'pack'}-{self.options_slug}.pdf"


from .reading_models import ReadingPrint  # noqa: E402, F401
