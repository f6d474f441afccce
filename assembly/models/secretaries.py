"""A reading group's secretary: a member who writes the group's session records.

The branch's organiser appoints a member of the group (one with a learner
account) and removes them. The secretary writes and edits their group's draft
records on a member page, and approves the previous record at a later session;
nothing else (no register, no member lists, no other group).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from branches.models import Member, ReadingGroup

SECRETARIES_PER_GROUP = 3


class GroupSecretary(models.Model):
    group = models.ForeignKey(
        ReadingGroup, on_delete=models.CASCADE, related_name="secretaries"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="secretary_of"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"], name="one_secretary_row_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} · secretary of {self.group}"
