"""Reads shared by every feature app."""

from django.db.models import Q, QuerySet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


def pages_visible_to(*, user, queryset: QuerySet) -> QuerySet:
    """``queryset`` without the drafts ``user`` may not edit.

    A page that has never been published (or was unpublished) is a draft: its
    title and its content are for those who may edit it. Everyone else, in the
    admin's choosers, explorer and pages API, sees live pages only.
    """
    editable = PagePermissionPolicy(Page).instances_user_has_any_permission_for(
        user, {"change", "publish"}
    )
    return queryset.filter(Q(live=True) | Q(pk__in=editable.values("pk")))
