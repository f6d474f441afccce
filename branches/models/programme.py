"""Reading groups, their sessions, and who came."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .people import Branch, Member, Venue


class ReadingGroup(models.Model):
    """A branch's reading group: a description and a programme of sessions.

    A plain model with a ``ModelViewSet`` rather than a page under a branch
    page: every query here has to be scoped to the organiser's branches, and a
    viewset's querysets and forms are one place to do that, where the page tree
    would need page permissions per branch kept in step with ``BranchRole``.
    The public side is a small view over the same data.
    """

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Session(models.Model):
    """One meeting: a reading group's, or a one-off of the branch."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="sessions")
    group = models.ForeignKey(
        ReadingGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
        help_text="Leave empty for a one-off session of the branch.",
    )
    title = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    start_time = models.TimeField(default=datetime.time(19, 0))
    end_time = models.TimeField(null=True, blank=True)
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    facilitator = models.CharField(max_length=150, blank=True)
    module = models.ForeignKey(
        "courses.ModulePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="branch_sessions",
        help_text="The course module studied, if any.",
    )
    readings = models.TextField(
        blank=True, help_text="Library readings: text and section or pages, one a line."
    )
    register_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The register's tally, recounted from Attendance in the same transaction
    # as every register write (branches.services.session_recount), so reports
    # over 2,000,000 marks add up 50,000 sessions instead.
    present_count = models.PositiveIntegerField(default=0, editable=False)
    late_count = models.PositiveIntegerField(default=0, editable=False)
    apologies_count = models.PositiveIntegerField(default=0, editable=False)
    absent_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["branch", "date"], name="session_branch_date")]

    def __str__(self):
        return f"{self.display_title} · {self.date:%a %d %b %Y}"

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.group_id:
            return self.group.name
        return "Branch session"

    def clean(self):
        errors = {}
        if self.group_id and self.branch_id and self.group.branch_id != self.branch_id:
            errors["group"] = "This reading group belongs to another branch."
        if self.venue_id and self.branch_id and self.venue.branch_id != self.branch_id:
            errors["venue"] = "This venue belongs to another branch."
        if self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The session must end after it starts."
        if errors:
            raise ValidationError(errors)

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime.datetime:
        end = self.end_time or (
            datetime.datetime.combine(self.date, self.start_time) + datetime.timedelta(hours=2)
        ).time()
        return timezone.make_aware(datetime.datetime.combine(self.date, end))


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="one_attendance_per_member_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["present", "late", "apologies", "absent"]),
                name="attendance_status_known",
            ),
        ]
        indexes = [models.Index(fields=["member", "session"], name="attendance_member")]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"
