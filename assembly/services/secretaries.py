"""Appoint and remove a reading group's secretary; who is secretary of what."""

from django.db import transaction

from branches.models import Member, ReadingGroup

from ..models import GroupSecretary
from ..models.secretaries import SECRETARIES_PER_GROUP
from .errors import AssemblyError


def secretary_appoint(*, group: ReadingGroup, member_id, user) -> GroupSecretary:
    """Make a member of the group, with a learner account, its secretary."""
    try:
        member_id = int(member_id)
    except (TypeError, ValueError):
        raise AssemblyError("Choose a member of the group.") from None
    with transaction.atomic():
        # Lock the group so two appointments cannot pass the limit together.
        ReadingGroup.objects.select_for_update().filter(pk=group.pk).first()
        member = (
            group.members.filter(
                pk=member_id, branch_id=group.branch_id, erased_at__isnull=True
            )
            .select_related("user")
            .first()
        )
        if member is None:
            raise AssemblyError("Choose a member of the group.")
        if member.user_id is None:
            raise AssemblyError(
                f"{member.name} has no learner account yet: link one to their "
                "member record first, so they can log in to write the record."
            )
        current = GroupSecretary.objects.filter(group=group)
        if current.filter(member=member).exists():
            raise AssemblyError(f"{member.name} is already a secretary of the group.")
        if current.count() >= SECRETARIES_PER_GROUP:
            raise AssemblyError(
                f"A group has at most {SECRETARIES_PER_GROUP} secretaries: "
                "remove one first."
            )
        return GroupSecretary.objects.create(
            group=group, member=member, appointed_by=user
        )


def secretary_remove(*, secretary_id, branch_ids: set[int] | None) -> Member:
    """Remove a secretary; ``branch_ids`` limits it to the user's branches
    (``None``: every branch)."""
    with transaction.atomic():
        rows = GroupSecretary.objects.select_for_update().filter(pk=secretary_id)
        if branch_ids is not None:
            rows = rows.filter(group__branch_id__in=branch_ids)
        row = rows.select_related("member").first()
        if row is None:
            raise AssemblyError("There is no such secretary.")
        row.delete()
    return row.member
