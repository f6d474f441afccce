"""The session record on a phone: write it, add actions, approve it at the
next session, mark actions done. Records name people: the branch's
organisers and national staff only (``is_branch_organiser``)."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from branches.access import organised_branch_ids
from branches.models import ReadingGroup, Session

from ..forms import RecordForm
from ..models import Action, SessionRecord
from ..selectors import open_actions
from ..services import AssemblyError, action_mark_done, record_approve, record_save
from ..services.records import ActionInput, next_session
from .organise import require_organiser

ACTION_ROWS = 3


def parse_actions(data) -> list[ActionInput]:
    """The filled rows of the form's action lines; a half-filled row is an error."""
    found = []
    for n in range(ACTION_ROWS):
        who = data.get(f"action-who-{n}", "").strip()
        what = data.get(f"action-what-{n}", "").strip()
        by = data.get(f"action-by-{n}", "").strip()
        if not (who or what or by):
            continue
        try:
            by_when = datetime.date.fromisoformat(by) if by else None
        except ValueError:
            raise AssemblyError(f"Action {n + 1}: “by when” is not a date.") from None
        found.append(ActionInput(who=who, what=what, by_when=by_when))
    return found


SAVED = "The record is saved as a draft, until the next session approves it."


def record_context(session, record, form=None, error="") -> dict:
    """What a record page shows, for organisers (admin) and secretaries (phone)
    alike: the form (the saved record's text and version when ``form`` is
    None), its actions, the earlier sessions' open actions, the next session."""
    if form is None:
        initial = {}
        if record is not None:
            initial = {
                "discussed": record.discussed,
                "agreed": record.agreed,
                "asks": record.asks,
                "seen": record.updated_at.isoformat(),
            }
        form = RecordForm(initial=initial)
    return {
        "session": session,
        "group": session.group,
        "record": record,
        "form": form,
        "error": error,
        "action_rows": range(ACTION_ROWS),
        "actions": record.actions.all() if record else [],
        "earlier_actions": open_actions(
            group_id=session.group_id, branch_id=session.branch_id, before=session
        ),
        "next_session": next_session(session),
    }


def record_post(request, session):
    """Save a record form's draft: (status, error, form to show again).
    302 when saved; 409 with no form (the saved version is shown) when someone
    saved meanwhile; 400 with the input kept for any other error."""
    form = RecordForm(request.POST)
    if not form.is_valid():
        return 400, "", form
    data = form.cleaned_data
    try:
        record_save(
            session=session,
            discussed=data["discussed"],
            agreed=data["agreed"],
            asks=data["asks"],
            new_actions=parse_actions(request.POST),
            user=request.user,
            seen_updated_at=parse_datetime(data["seen"]) if data["seen"] else None,
        )
    except AssemblyError as error:
        stale = "Someone saved" in error.message
        return (409 if stale else 400), error.message, None if stale else form
    return 302, "", None


class RecordView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "assembly/admin/record.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.session = get_object_or_404(
            Session.objects.select_related("branch", "group"), pk=pk
        )
        require_organiser(request.user, self.session.branch_id)
        self.record = SessionRecord.objects.filter(session=self.session).first()
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Record: {self.session.display_title}, {self.session.date:%-d %b %Y}"

    def get_context_data(self, form=None, error="", **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(record_context(self.session, self.record, form, error))
        return context

    def post(self, request, *args, **kwargs):
        status, error, form = record_post(request, self.session)
        if status == 302:
            messages.success(request, SAVED)
            return redirect(reverse("assembly_organise:record", args=[self.session.pk]))
        self.record = SessionRecord.objects.filter(session=self.session).first()
        context = self.get_context_data(form=form, error=error)
        return self.render_to_response(context, status=status)


class RecordApproveView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        record = get_object_or_404(SessionRecord, pk=pk)
        require_organiser(request.user, record.branch_id)
        try:
            record_approve(record_id=record.pk, user=request.user)
        except AssemblyError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The record is approved.")
        return redirect(reverse("assembly_organise:record", args=[record.session_id]))


class ActionDoneView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        action = get_object_or_404(Action.objects.select_related("record"), pk=pk)
        require_organiser(request.user, action.record.branch_id)
        try:
            action_mark_done(
                action_id=action.pk,
                branch_ids=organised_branch_ids(request.user),
                done=request.POST.get("done", "1") != "0",
            )
        except AssemblyError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Action marked done: {action.what}")
        back = request.POST.get("session") or action.record.session_id
        try:
            back = int(back)
        except ValueError:
            back = action.record.session_id
        return redirect(reverse("assembly_organise:record", args=[back]))


class RecordIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Recent sessions of the branches the user organises, and their records."""

    template_name = "assembly/admin/record_index.html"
    page_title = "Session records"
    header_icon = "doc-full"
    DAYS = 90

    def dispatch(self, request, *args, **kwargs):
        from .organise import require_view

        require_view(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        context = super().get_context_data(**kwargs)
        organised = organised_branch_ids(self.request.user)
        today = timezone.localdate()
        sessions = Session.objects.filter(
            date__lte=today, date__gte=today - datetime.timedelta(days=self.DAYS)
        )
        groups = ReadingGroup.objects.select_related("branch")
        if organised is not None:
            sessions = sessions.filter(branch_id__in=organised)
            groups = groups.filter(branch_id__in=organised)
        # Each group's secretaries, who write its records on their phones.
        context["groups"] = groups.prefetch_related("secretaries__member").order_by(
            "branch__name", "name"
        )[:100]
        context["sessions"] = sessions.select_related(
            "branch", "group", "record"
        ).order_by("-date", "-start_time")[:100]
        return context
