"""A photographed or scanned sign-in sheet, its pages and the rows read.

Pictures are special-category data (they show who came to a party meeting):
every file is in the private storage under a random name, reached only
through the permission-checking views, and deleted when the register is
confirmed (``services.scan_confirm``) or after ``SCAN_RETENTION_DAYS``
(``manage.py scans_delete_expired``).
"""

import secrets

from django.conf import settings
from django.db import models

from core.storage import private_storage


def scan_file_name(instance, filename) -> str:
    return f"scans/{secrets.token_urlsafe(24)}"


class Scan(models.Model):
    """One upload: photos of pages, or one scanner's PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Ready to check"
        FAILED = "failed", "Could not be read"
        CONFIRMED = "confirmed", "Confirmed"

    session = models.ForeignKey(
        "branches.Session", on_delete=models.CASCADE, related_name="scans"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # A scanner's PDF, read page by page in the task worker, then deleted.
    pdf = models.FileField(
        upload_to=scan_file_name, storage=private_storage, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Scan {self.pk} of session {self.session_id}"


class ScanPage(models.Model):
    """One picture of one page. ``source`` is the upload (deleted once read),
    ``image`` the page straightened (deleted on confirm)."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="pages")
    index = models.PositiveIntegerField()  # its place in the upload, from 1
    source = models.FileField(
        upload_to=scan_file_name, storage=private_storage, blank=True
    )
    image = models.FileField(
        upload_to=scan_file_name, storage=private_storage, blank=True
    )
    sheet_number = models.PositiveIntegerField(null=True, blank=True)
    sheet_count = models.PositiveIntegerField(null=True, blank=True)
    # The sheet's print size (``sheet.LAYOUTS``): where its rows are.
    layout = models.CharField(max_length=8, default="clear")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["index"]

    def __str__(self):
        return f"Page {self.index} of scan {self.scan_id}"


class ScanRow(models.Model):
    """One row of a page as read: a member's, or a blank row a walk-in wrote on."""

    class Mark(models.TextChoices):
        TICKED = "ticked", "Ticked"
        EMPTY = "empty", "Empty"
        UNSURE = "unsure", "Unsure"

    page = models.ForeignKey(ScanPage, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()  # 0-based on its page
    number = models.PositiveIntegerField()  # as printed, from 1 on page 1
    member = models.ForeignKey(
        "branches.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed = models.CharField(max_length=8, choices=Mark.choices)
    ink = models.FloatField(default=0)

    class Meta:
        ordering = ["page__index", "position"]

    def __str__(self):
        return f"Row {self.number} of scan page {self.page_id}"

    @property
    def walk_in(self) -> bool:
        return self.member_id is None
