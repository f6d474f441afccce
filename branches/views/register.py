"""Taking the register on a phone, closing it, and the printed sign-in sheet
(made by the hook ``register_session_sign_in_sheet``)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..access import check_branch, is_branch_organiser, scope_to_user
from ..forms import RepeatingSessionsForm
from ..models import Attendance, Session
from ..services import (
    RegisterError,
    expected_members,
    register_close,
    register_parse,
    register_save,
    sessions_create_repeating,
)


def require_perm(user, codename: str) -> None:
    if not user.has_perm(f"branches.{codename}"):
        raise PermissionDenied


def scoped_session(request, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("branch", "group", "venue"), pk=pk)
    check_branch(request.user, session.branch_id)
    return session


class RegisterIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Recent and coming sessions of the user's branches, each with its register."""

    template_name = "branches/admin/register_index.html"
    page_title = "Registers"
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        require_perm(request.user, "view_attendance")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        sessions = scope_to_user(Session.objects.all(), self.request.user).select_related(
            "branch", "group"
        )
        context["recent"] = sessions.filter(
            date__lte=today, date__gte=today - datetime.timedelta(days=28)
        ).order_by("-date", "-start_time")
        context["upcoming"] = sessions.filter(
            date__gt=today, date__lte=today + datetime.timedelta(days=60)
        ).order_by("date", "start_time")
        return context


def register_links(request, session) -> list[tuple[str, str]]:
    """More ways in to a register, from apps above this one: each hook
    ``register_session_register_links(request, session)`` returns a list of
    (label, url) pairs (scans adds its photographed sign-in sheets)."""
    links = []
    for hook in hooks.get_hooks("register_session_register_links"):
        links.extend(hook(request, session))
    return links


class RegisterView(WagtailAdminTemplateMixin, TemplateView):
    """One form: every expected member a fieldset of four radios, walk-ins below."""

    template_name = "branches/admin/register.html"
    header_icon = "tasks"
    WALK_IN_ROWS = 3

    def dispatch(self, request, pk, *args, **kwargs):
        require_perm(request.user, "change_attendance")
        self.session = scoped_session(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Register: {self.session.display_title}"

    def get_page_subtitle(self):
        return f"{self.session.date:%A %-d %B %Y}, {self.session.start_time:%H:%M}"

    def rows(self, posted=None, conflicts=()):
        """Each member with the mark to check and the mark the row shows now.

        ``shown`` goes back in a hidden field, so a save writes only the rows
        the organiser changed and spots rows someone else changed meanwhile.
        """
        conflicts = {c.member_id: c for c in conflicts}
        marks = {
            a.member_id: a.status
            for a in Attendance.objects.filter(session=self.session).only("member_id", "status")
        }
        members = list(expected_members(session=self.session))
        listed = {m.pk for m in members}
        # Someone marked at this session who joined later (a walk-in) is listed too.
        extra = [pk for pk in marks if pk not in listed]
        if extra:
            from ..models import Member

            members += list(Member.objects.filter(pk__in=extra, erased_at__isnull=True))
        rows = []
        for member in members:
            status = shown = marks.get(member.pk, "")
            if posted is not None:
                status = posted.get(f"status-{member.pk}", status)
                shown = posted.get(f"was-{member.pk}", shown)
            rows.append(
                {"member": member, "status": status, "shown": shown, "conflict": conflicts.get(member.pk)}
            )
        return rows

    def get_context_data(self, posted=None, errors=None, conflicts=(), **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            rows=self.rows(posted, conflicts),
            conflicts=conflicts,
            statuses=Attendance.Status.choices,
            walk_in_rows=range(self.WALK_IN_ROWS),
            errors=errors or [],
            before_the_day=self.session.date > timezone.localdate(),
            register_links=register_links(self.request, self.session),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            entry = register_parse(data=request.POST)
            result = register_save(session=self.session, entry=entry, user=request.user)
        except RegisterError as error:
            context = self.get_context_data(posted=request.POST, errors=error.errors)
            return self.render_to_response(context, status=400)
        message = f"Register saved: {result.marked} marked."
        if result.walk_ins:
            message += f" {len(result.walk_ins)} walk-in(s) added to the branch's list."
        if result.conflicts:
            # The rest is saved; these rows show what is saved now, for the
            # organiser to keep or change, and nothing of theirs was lost.
            context = self.get_context_data(conflicts=result.conflicts)
            context["saved_message"] = message
            return self.render_to_response(context, status=409)
        messages.success(request, message)
        return redirect(reverse("branches_organise:register", args=[self.session.pk]))


class RegisterCloseView(View):
    def dispatch(self, request, pk, *args, **kwargs):
        require_perm(request.user, "change_attendance")
        self.session = scoped_session(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        session = self.session
        if session.date > timezone.localdate():
            messages.error(request, "A register can be closed on the day of the session or after.")
        else:
            absent = register_close(session=session, user=request.user)
            messages.success(request, f"Register closed. {absent} unmarked member(s) marked Absent.")
        return redirect(reverse("branches_organise:register", args=[session.pk]))


def sign_in_sheet(request, pk):
    """The session's sign-in sheet to print. It names people on paper, so it
    is for the branch's organisers only; who is named is ``sign_in.sign_in_list``.
    The sheet itself is made above this app: the first hook
    ``register_session_sign_in_sheet(request, session)`` returns it (scans
    prints the one sheet that can be photographed and read back)."""
    require_perm(request.user, "view_attendance")
    session = scoped_session(request, pk)
    if not is_branch_organiser(request.user, session.branch_id):
        raise PermissionDenied
    for hook in hooks.get_hooks("register_session_sign_in_sheet"):
        response = hook(request, session)
        if response is not None:
            add_never_cache_headers(response)
            return response
    raise Http404("No app on this site prints sign-in sheets.")


class RepeatingSessionsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "branches/admin/sessions_repeat.html"
    page_title = "Add a programme of sessions"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        require_perm(request.user, "add_session")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or RepeatingSessionsForm(
            user=self.request.user, initial=self.request.GET.dict() or None
        )
        return context

    def post(self, request, *args, **kwargs):
        form = RepeatingSessionsForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        group = data["group"]
        sessions = sessions_create_repeating(
            branch=group.branch,
            group=group,
            title=data["title"],
            first_date=data["first_date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            every_weeks=data["every_weeks"],
            count=data["count"],
            venue=data["venue"],
            facilitator=data["facilitator"],
        )
        messages.success(
            request,
            f"{len(sessions)} sessions added to {group.name}, "
            f"{sessions[0].date:%-d %b} to {sessions[-1].date:%-d %b %Y}.",
        )
        return redirect(reverse("branches_session:index"))
