"""The HTML panels ``assembly`` adds to pages of apps below it, by their hooks:
*My learning* (``courses``) and a reading group's page (``branches``)."""

from django.template.loader import render_to_string

from .selectors import (
    group_records,
    learner_members,
    open_actions,
    open_polls,
    secretary_group_ids,
)


def my_learning_panel(request) -> str:
    """A linked member's open polls, their groups, and the latest records."""
    members = learner_members(user=request.user)
    if not members:
        return ""
    groups = [g for m in members for g in m.reading_groups.all()]
    branch_groups = [
        g for m in members for g in m.branch.groups.all() if g not in groups
    ]
    records = group_records(group_ids=[g.pk for g in groups], limit=3)
    secretary_ids = secretary_group_ids(user=request.user)
    return render_to_string(
        "assembly/_my_learning_panel.html",
        {
            "polls": open_polls(branch_ids=[m.branch_id for m in members]),
            "groups": groups + branch_groups,
            "records": records,
            "secretary_of": [g for g in groups if g.pk in secretary_ids],
        },
        request=request,
    )


def group_page_panel(request, group) -> str:
    """On the group's public page, for members of its branch only: a link to
    propose and vote, and for those in the group its last record and open
    actions (they name people, so never for anyone else)."""
    members = [
        m for m in learner_members(user=request.user) if m.branch_id == group.branch_id
    ]
    if not members:
        return ""
    in_group = group.members.filter(pk__in=[m.pk for m in members]).exists()
    return render_to_string(
        "assembly/_group_panel.html",
        {
            "group": group,
            "is_secretary": group.pk in secretary_group_ids(user=request.user),
            "polls": open_polls(branch_ids=[group.branch_id]).filter(group=group),
            "records": group_records(group_ids=[group.pk], limit=1) if in_group else [],
            "actions": open_actions(group_id=group.pk, branch_id=group.branch_id)
            if in_group
            else [],
        },
        request=request,
    )
