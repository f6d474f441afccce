"""Branches, the people in them, and who may see them.

Being on a branch's list reveals a political affiliation, so every model here
that holds people hangs off a ``Branch`` and is only ever read through
``branches.access.visible_branches(user)``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel


class Region(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Branch(ClusterableModel):
    name = models.CharField(max_length=150)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the public address of the branch."
    )
    area = models.CharField(max_length=200, blank=True, help_text="Wards or towns it covers.")
    constituency_party = models.CharField(
        "parent constituency party", max_length=200, blank=True
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="branches"
    )
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("area"),
        FieldPanel("constituency_party"),
        FieldPanel("region"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading="Contact",
        ),
        InlinePanel("venues", heading="Usual venues", label="Venue"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "branches"
        permissions = [("view_all_branches", "Can see every branch (national staff)")]

    def __str__(self):
        return self.name


class Venue(models.Model):
    branch = ParentalKey(Branch, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(max_length=150)
    address = models.TextField(blank=True)
    step_free = models.BooleanField(
        "step-free access", default=False, help_text="No steps from the street to the room."
    )
    access_notes = models.TextField(
        blank=True, help_text="Lift, ramp, accessible toilet, hearing loop, parking..."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("step_free"),
        FieldPanel("access_notes"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BranchRole(models.Model):
    """A user who runs a branch's groups and registers."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", "Organiser"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="branch_roles"
    )
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ORGANISER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "branch"], name="one_role_per_branch")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.branch}"


class RegionalOfficer(models.Model):
    """A regional education officer: sees every branch of the region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_roles"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="officers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="one_officer_role_per_region")
        ]

    def __str__(self):
        return f"{self.user} · {self.region}"


class Member(models.Model):
    """Someone on a branch's list. Needs no login; many never will have one."""

    class ConsentBasis(models.TextChoices):
        CONSENT = "consent", "Consent"
        MEMBERSHIP = "membership", "Party membership (legitimate interest)"
        CONTRACT = "contract", "Contract"

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(max_length=150)
    preferred_name = models.CharField(max_length=80, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    joined_on = models.DateField(default=datetime.date.today)
    prefers_paper = models.BooleanField(default=False)
    large_print = models.BooleanField(default=False)
    access_needs = models.TextField(blank=True)
    consent_on = models.DateField("consent recorded on", null=True, blank=True)
    consent_basis = models.CharField(
        max_length=20, choices=ConsentBasis.choices, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="branch_memberships",
        help_text="The learner account of this member, if they have one.",
    )
    # What the organiser typed to link an account. The account is attached
    # (``user``) when one with this address exists or signs in; the organiser
    # is never told which, so the form cannot be used to test for accounts.
    account_email = models.EmailField("learner account e-mail", blank=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Cleared by erasure; the row stays so the branch's counts stay right.
    PERSONAL_FIELDS = [
        "name", "preferred_name", "email", "phone", "access_needs", "consent_basis",
        "consent_on", "user", "account_email", "prefers_paper", "large_print",
    ]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["branch", "name"], name="member_branch_name")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.erased_at:
            return f"Erased member {self.pk}"
        return self.preferred_name or self.name

    def erase(self) -> None:
        for name in self.PERSONAL_FIELDS:
            field = self._meta.get_field(name)
            setattr(self, field.attname, field.get_default() if not field.null else None)
        self.name = ""
        self.erased_at = timezone.now()
