"""The group secretary's phone pages: their group's recent sessions, the draft
record of one (write, edit, add actions), and approving the previous record
at a later session. The same services as the organiser's admin page.

Only the secretary of the session's group (``secretary_group_ids``) gets
these pages; anyone else logged in gets a 404, as for the member pages.
Nothing else: no register, no member list, no other group.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from branches.models import ReadingGroup, Session

from ..models import SessionRecord
from ..selectors import secretary_group_ids
from ..services import AssemblyError, record_approve
from .members import _private
from .records import SAVED, record_context, record_post

RECENT_DAYS = 90


def _require_secretary(user, group_id) -> None:
    if group_id is None or group_id not in secretary_group_ids(user=user):
        raise Http404("No such group.")


@login_required
def secretary_sessions(request, pk):
    """The group's sessions of the last three months, and their records."""
    group = get_object_or_404(ReadingGroup.objects.select_related("branch"), pk=pk)
    _require_secretary(request.user, group.pk)
    today = timezone.localdate()
    sessions = (
        Session.objects.filter(
            group=group,
            date__lte=today,
            date__gte=today - datetime.timedelta(days=RECENT_DAYS),
        )
        .select_related("record")
        .order_by("-date", "-start_time")
    )
    return _private(
        render(
            request,
            "assembly/secretary_sessions.html",
            {"group": group, "sessions": sessions},
        )
    )


@login_required
def secretary_record(request, pk):
    """Write or edit the draft record of one of the group's sessions."""
    session = get_object_or_404(
        Session.objects.select_related("branch", "group"), pk=pk
    )
    _require_secretary(request.user, session.group_id)
    form, error, status = None, "", 200
    if request.method == "POST":
        status, error, form = record_post(request, session)
        if status == 302:
            messages.success(request, SAVED)
            return redirect("assembly:secretary_record", pk=session.pk)
    record = SessionRecord.objects.filter(session=session).first()
    context = record_context(session, record, form, error)
    return _private(
        render(request, "assembly/secretary_record.html", context, status=status)
    )


@login_required
@require_POST
def secretary_approve(request, pk):
    """At a later session, the group approves the previous record."""
    record = get_object_or_404(SessionRecord.objects.select_related("session"), pk=pk)
    _require_secretary(request.user, record.session.group_id)
    try:
        record_approve(record_id=record.pk, user=request.user)
    except AssemblyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The record is approved.")
    return redirect("assembly:secretary_record", pk=record.session_id)
