"""Organisers' pages in the Wagtail admin, phone first like the register.

Reading counts (the poll index, a result) is for those who see the branch
(``branches.access.check_branch``: its organisers, its region's officer,
national staff). What handles the branch's people or changes its programme
(opening, keying, closing a poll; a record, which names people) is for its
organisers and national staff (``is_branch_organiser``). Nothing here shows
who voted for what.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from branches.access import check_branch, is_branch_organiser, scope_to_user
from branches.models import ReadingGroup

from ..forms import CloseForm, PollForm
from ..models import Poll, Proposal
from ..selectors import poll_results
from ..services import AssemblyError, ballot_key_paper, poll_close, poll_open


def require_view(user) -> None:
    if not user.has_perm("branches.view_session"):
        raise PermissionDenied


def require_organiser(user, branch_id: int) -> None:
    require_view(user)
    check_branch(user, branch_id)
    if not is_branch_organiser(user, branch_id):
        raise PermissionDenied


def scoped_poll(request, pk, *, organiser=False) -> Poll:
    poll = get_object_or_404(Poll.objects.select_related("group", "branch"), pk=pk)
    require_view(request.user)
    check_branch(request.user, poll.branch_id)
    if organiser:
        require_organiser(request.user, poll.branch_id)
    return poll


class PollIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The user's branches' groups: proposals waiting for a poll, and polls."""

    template_name = "assembly/admin/poll_index.html"
    page_title = "Proposals and polls"
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        require_view(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        groups = scope_to_user(ReadingGroup.objects.all(), user).select_related(
            "branch"
        )
        waiting = scope_to_user(Proposal.objects.filter(poll__isnull=True), user)
        counts: dict[int, int] = {}
        for group_id in waiting.values_list("group_id", flat=True):
            counts[group_id] = counts.get(group_id, 0) + 1
        context["groups"] = [
            {
                "group": g,
                "waiting": counts.get(g.pk, 0),
                "organiser": is_branch_organiser(user, g.branch_id),
            }
            for g in groups.order_by("branch__name", "name")[:200]
        ]
        context["polls"] = (
            scope_to_user(Poll.objects.all(), user)
            .select_related("group", "branch", "session")
            .order_by("-created_at")[:50]
        )
        return context


class GroupOrganiserMixin:
    """An admin page about one reading group (``self.group``), for its
    branch's organisers and national staff; anyone else gets a 404."""

    def dispatch(self, request, pk, *args, **kwargs):
        self.group = get_object_or_404(
            ReadingGroup.objects.select_related("branch"), pk=pk
        )
        require_organiser(request.user, self.group.branch_id)
        return super().dispatch(request, *args, **kwargs)


class PollOpenView(GroupOrganiserMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "assembly/admin/poll_open.html"
    header_icon = "list-ul"

    def get_page_title(self):
        return f"Open a poll: {self.group.name}"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.group
        context["form"] = form or PollForm(group=self.group)
        return context

    def post(self, request, *args, **kwargs):
        form = PollForm(request.POST, group=self.group)
        if form.is_valid():
            try:
                poll = poll_open(
                    group=self.group,
                    proposal_ids=[p.pk for p in form.cleaned_data["proposals"]],
                    closes_at=form.closes_at(),
                    user=request.user,
                )
            except AssemblyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    "The poll is open: members can vote online, "
                    "and the facilitator's pack prints numbered slips.",
                )
                return redirect(reverse("assembly_organise:poll", args=[poll.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PollResultView(TemplateView):
    """The counts: ticks per proposal, ballots online and on paper. A light
    page, outside the Wagtail admin's chrome (``light_base.html``): an
    organiser reads it on a phone, often at the meeting, and the admin's
    sidebar alone cost more than the page's own reads."""

    template_name = "assembly/admin/poll_result.html"

    def dispatch(self, request, pk, *args, **kwargs):
        self.poll = scoped_poll(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = f"Poll: {self.poll.group.name}"
        context["poll"] = self.poll
        context["result"] = poll_results(poll=self.poll)
        context["organiser"] = is_branch_organiser(
            self.request.user, self.poll.branch_id
        )
        return context


class SlipKeyView(WagtailAdminTemplateMixin, TemplateView):
    """Key in one returned paper slip: its printed number and its ticks."""

    template_name = "assembly/admin/slip_key.html"
    header_icon = "edit"

    def dispatch(self, request, pk, *args, **kwargs):
        self.poll = scoped_poll(request, pk, organiser=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Key in a paper slip: {self.poll.group.name}"

    def get_context_data(self, error="", **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(poll=self.poll, result=poll_results(poll=self.poll), error=error)
        return context

    def post(self, request, *args, **kwargs):
        try:
            ballot = ballot_key_paper(
                poll_id=self.poll.pk,
                slip_number=request.POST.get("slip_number", ""),
                proposal_ids=request.POST.getlist("proposal"),
                user=request.user,
            )
        except AssemblyError as error:
            return self.render_to_response(
                self.get_context_data(error=error.message), status=400
            )
        messages.success(request, f"Slip {ballot.slip_number} is counted. Next slip:")
        return redirect(reverse("assembly_organise:key_slip", args=[self.poll.pk]))


class PollCloseView(WagtailAdminTemplateMixin, TemplateView):
    """Close the poll and make the winner the group's next session, in one step."""

    template_name = "assembly/admin/poll_close.html"
    header_icon = "date"

    def dispatch(self, request, pk, *args, **kwargs):
        self.poll = scoped_poll(request, pk, organiser=True)
        self.result = poll_results(poll=self.poll)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Close the poll: {self.poll.group.name}"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            poll=self.poll,
            result=self.result,
            form=form or CloseForm(result=self.result),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = CloseForm(request.POST, result=self.result)
        if form.is_valid():
            try:
                data = form.cleaned_data
                session = poll_close(
                    poll_id=self.poll.pk,
                    winner_id=data["winner"],
                    date=data["date"],
                    start_time=data["start_time"],
                    user=request.user,
                )
            except AssemblyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"The poll is closed; “{session.display_title}” is the "
                    f"group's session on {session.date:%-d %B}.",
                )
                return redirect(reverse("branches_session:edit", args=[session.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)
