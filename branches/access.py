"""Who may see which branch: the one place branch scoping is decided.

Every listing, form, report, export and feed that shows branch data starts
from ``visible_branches(user)``. Superusers and national staff (the
``view_all_branches`` permission) see every branch; an organiser sees the
branches of their ``BranchRole``s; a regional education officer sees every
branch of their regions.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Branch


def sees_all_branches(user) -> bool:
    return bool(
        user.is_active
        and (user.is_superuser or user.has_perm("branches.view_all_branches"))
    )


def visible_branches(user) -> QuerySet[Branch]:
    if not user.is_authenticated or not user.is_active:
        return Branch.objects.none()
    if sees_all_branches(user):
        return Branch.objects.all()
    return Branch.objects.filter(
        Q(roles__user=user) | Q(region__officers__user=user)
    ).distinct()


def visible_branch_ids(user) -> set[int]:
    cached = getattr(user, "_visible_branch_ids", None)
    if cached is None:
        cached = set(visible_branches(user).values_list("pk", flat=True))
        user._visible_branch_ids = cached
    return cached


def scope_to_user(queryset: QuerySet, user, *, branch_field: str = "branch") -> QuerySet:
    """Only the rows of ``queryset`` in branches ``user`` may see."""
    if sees_all_branches(user):
        return queryset
    return queryset.filter(**{f"{branch_field}__in": visible_branches(user).values("pk")})


def check_branch(user, branch_id: int) -> None:
    """404 rather than 403 for another branch's things: don't confirm they exist."""
    if not sees_all_branches(user) and branch_id not in visible_branch_ids(user):
        raise Http404("No such branch.")


def organised_branch_ids(user) -> set[int] | None:
    """The branches whose people ``user`` may handle on paper (see
    ``is_branch_organiser``); ``None`` for every branch (national staff)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if sees_all_branches(user):
        return None
    cached = getattr(user, "_organised_branch_ids", None)
    if cached is None:
        cached = set(user.branch_roles.values_list("branch_id", flat=True))
        user._organised_branch_ids = cached
    return cached


def is_branch_organiser(user, branch_id: int) -> bool:
    """May handle the branch's people on paper: its organisers (a ``BranchRole``)
    and national staff. What names members and leaves the screen (the sign-in
    sheet, a session's facilitator pack) is for them only; a regional officer
    sees the branch's figures, and a module's editor its content, not its people."""
    organised = organised_branch_ids(user)
    return organised is None or branch_id in organised
