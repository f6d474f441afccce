"""The session record: what a group discussed and decided, and its actions.

A record is a draft until a later session of the same group approves it (the
minutes are read and agreed), with who approved it and when. It names people
(who will do what), so members of the group read it logged in, and organisers
of the branch write it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from branches.models import Branch, Session

RECORD_FIELD_MAX_CHARS = 5000


class SessionRecord(models.Model):
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="record"
    )
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="records")
    discussed = models.TextField("what we discussed", max_length=RECORD_FIELD_MAX_CHARS)
    agreed = models.TextField(
        "what we agreed", max_length=RECORD_FIELD_MAX_CHARS, blank=True
    )
    asks = models.TextField(
        "what we ask the branch or the party to take up",
        max_length=RECORD_FIELD_MAX_CHARS,
        blank=True,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at_session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["branch", "approved_at"], name="record_branch")]

    def __str__(self):
        return f"Record of {self.session}"

    @property
    def is_draft(self) -> bool:
        return self.approved_at is None


class Action(models.Model):
    """Who does what by when; listed until marked done."""

    record = models.ForeignKey(
        SessionRecord, on_delete=models.CASCADE, related_name="actions"
    )
    who = models.CharField(max_length=150)
    what = models.CharField(max_length=300)
    by_when = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["by_when", "pk"]

    def __str__(self):
        return f"{self.who}: {self.what}"
