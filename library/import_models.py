"""An import started in the admin (``ImportJob``).

Imported by ``library.models`` so that Django registers it there.
"""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """An import started in the admin, run by the task worker.

    The uploads wait in the private storage (``files``: name and stored name)
    until the task reads them, and are deleted once it has; the admin follows
    ``done`` of ``total`` and reads the report ``lines`` as they come.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the task worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    library = models.ForeignKey(
        "library.LibraryIndexPage", on_delete=models.CASCADE, related_name="+"
    )
    publish = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    files = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    lines = models.JSONField(default=list)
    summary = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import {self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
