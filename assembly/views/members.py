"""What members do on their phones: propose, vote, read their group's records.

Only a learner account linked to a member of the branch gets these pages;
anyone else gets a 404 (not a 403: we don't confirm another branch's groups
or polls exist). Free text is always escaped by the templates, never marked safe.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from branches.models import ReadingGroup

from ..forms import ProposalForm
from ..models import Poll, Proposal
from ..selectors import (
    group_records,
    member_for_branch,
    my_ballot_ids,
    open_actions,
    poll_results,
    secretary_group_ids,
)
from ..services import AssemblyError, ballot_cast, proposal_create


def _private(response):
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


def _member_and_group(request, pk):
    group = get_object_or_404(ReadingGroup.objects.select_related("branch"), pk=pk)
    member = member_for_branch(user=request.user, branch_id=group.branch_id)
    if member is None:
        raise Http404("No such group.")
    return member, group


@login_required
def group_home(request, pk):
    """The group's proposals, polls and (for those in the group) its records."""
    member, group = _member_and_group(request, pk)
    in_group = group.members.filter(pk=member.pk).exists()
    context = {
        "group": group,
        "member": member,
        "in_group": in_group,
        "is_secretary": group.pk in secretary_group_ids(user=request.user),
        "polls": Poll.objects.filter(group=group).order_by("-created_at")[:5],
        "waiting": Proposal.objects.filter(
            group=group, poll__isnull=True
        ).select_related("text", "section", "module"),
        "records": group_records(group_ids=[group.pk]) if in_group else [],
        "actions": open_actions(group_id=group.pk, branch_id=group.branch_id)
        if in_group
        else [],
    }
    return _private(render(request, "assembly/group_home.html", context))


@login_required
def propose(request, pk):
    member, group = _member_and_group(request, pk)
    form = ProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal_create(member=member, group=group, **form.cleaned_data)
            except AssemblyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Thank you: your proposal is in.")
                return redirect("assembly:group", pk=group.pk)
        status = 400
    return _private(
        render(
            request,
            "assembly/propose.html",
            {"group": group, "form": form},
            status=status,
        )
    )


@login_required
def poll_vote(request, pk):
    """The ballot (approval: tick every proposal you would be glad to study),
    and once the poll has closed, its counts."""
    poll = get_object_or_404(Poll.objects.select_related("group", "branch"), pk=pk)
    member = member_for_branch(user=request.user, branch_id=poll.branch_id)
    if member is None:
        raise Http404("No such poll.")
    error, status = "", 200
    if request.method == "POST":
        try:
            ballot_cast(
                poll_id=poll.pk,
                member=member,
                proposal_ids=request.POST.getlist("proposal"),
            )
        except AssemblyError as refused:
            error, status = refused.message, 400
        else:
            messages.success(
                request,
                "Your vote is counted. You can change it until the poll closes.",
            )
            return redirect(reverse("assembly:poll", args=[poll.pk]))
    result = poll_results(poll=poll)
    context = {
        "poll": poll,
        "result": result,
        "mine": my_ballot_ids(member=member, poll=poll),
        "error": error,
    }
    return _private(render(request, "assembly/poll.html", context, status=status))
