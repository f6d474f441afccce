"""The branches' audit log: every entry carries its branch, and no one's name.

Wagtail keeps one log model per kind of object (``register_log_actions`` →
``register_model``); the branch models log here instead of in the shared
``ModelLogEntry``, so that every place Wagtail shows log entries (site
history and its CSV/XLSX export, the objects' history views, the filters'
choices of users and actions) asks ``viewable_by_user``, which is scoped like
the data itself: an organiser reads the entries of their branches only.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models.audit_log import (
    BaseLogEntry,
    LogEntryQuerySet,
    ModelLogEntryManager,
)

from .people import Branch, BranchRole, Member, Venue
from .programme import Attendance, ReadingGroup, Session, SessionReading

# The models that log here: everything that belongs to one branch.
BRANCH_LOGGED_MODELS = (
    Branch,
    Venue,
    BranchRole,
    Member,
    ReadingGroup,
    Session,
    SessionReading,
    Attendance,
)

# Their ``__str__`` names a person (a member, an organiser's e-mail address):
# a log label outlives erasure and travels in exports, so it says which row
# it was, never who.
NEUTRAL_LABEL_MODELS = (Member, BranchRole, Attendance)


def branch_id_of(instance) -> int | None:
    """The branch an object belongs to (itself, its own, or its session's)."""
    if isinstance(instance, Branch):
        return instance.pk
    if hasattr(instance, "branch_id"):
        return instance.branch_id
    session = getattr(instance, "session", None)
    return session.branch_id if session is not None else None


class BranchLogEntryQuerySet(LogEntryQuerySet):
    def viewable_by_user(self, user) -> "BranchLogEntryQuerySet":
        """The entries of the user's branches, for the kinds of object the
        user has a permission on (Wagtail's rule for the shared log)."""
        # Imported here: ``access`` imports the models package.
        from ..access import scope_to_user

        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self
        allowed = getattr(user, "_branch_log_content_type_ids", None)
        if allowed is None:
            # Not Wagtail's ``_allowed_content_type_ids``: that cache on the
            # user is filled from whichever log model is asked first.
            types = ContentType.objects.get_for_models(*BRANCH_LOGGED_MODELS).values()
            allowed = {
                permission.content_type_id
                for permission in Permission.objects.filter(
                    content_type__in=list(types)
                ).select_related("content_type")
                if user.has_perm(
                    f"{permission.content_type.app_label}.{permission.codename}"
                )
            }
            user._branch_log_content_type_ids = allowed
        return scope_to_user(self.filter(content_type_id__in=allowed), user)


class BranchLogEntryManager(ModelLogEntryManager):
    def get_queryset(self):
        return BranchLogEntryQuerySet(self.model, using=self._db)

    def viewable_by_user(self, user):
        return self.get_queryset().viewable_by_user(user)

    def get_instance_title(self, instance):
        if isinstance(instance, NEUTRAL_LABEL_MODELS):
            branch = Branch.objects.filter(pk=branch_id_of(instance)).first()
            where = f" ({branch.name})" if branch is not None else ""
            return f"{instance._meta.verbose_name.capitalize()} #{instance.pk}{where}"
        return super().get_instance_title(instance)

    def log_action(self, instance, action, **kwargs):
        kwargs.setdefault("branch_id", branch_id_of(instance))
        # A caller's title would put the name back: the label is ours to make.
        kwargs.pop("title", None)
        return super().log_action(instance, action, **kwargs)


class BranchLogEntry(BaseLogEntry):
    """A log entry about one branch's things (see the module docstring)."""

    object_id = models.CharField(max_length=255, db_index=True)

    # Kept when the branch goes, for national staff only (no branch, no organiser).
    branch = models.ForeignKey(
        Branch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BranchLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "branch log entry"
        verbose_name_plural = "branch log entries"
