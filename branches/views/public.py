"""What anyone may see: a branch's coming sessions, and its calendar feeds.

No member's name is ever shown here; sessions, venues and what is studied are
the branch's public programme.
"""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html_join
from wagtail import hooks

from .. import ical
from ..models import Branch, ReadingGroup, Session

FEED_PAST_DAYS = 90


def _sessions(branch, group=None):
    sessions = (
        Session.objects.filter(branch=branch)
        .select_related("group", "venue", "module")
        .prefetch_related(Session.prefetch_library_readings())
    )
    if group is not None:
        sessions = sessions.filter(group=group)
    return sessions.order_by("date", "start_time")


def branch_index(request):
    return render(
        request,
        "branches/branch_index.html",
        {"branches": Branch.objects.select_related("region").order_by("name")},
    )


def branch_detail(request, slug):
    branch = get_object_or_404(Branch, slug=slug)
    today = timezone.localdate()
    return render(
        request,
        "branches/branch_detail.html",
        {
            "branch": branch,
            "sessions": _sessions(branch).filter(date__gte=today)[:50],
            "groups": branch.groups.all(),
            "venues": branch.venues.all(),
        },
    )


def group_detail(request, slug, pk):
    branch = get_object_or_404(Branch, slug=slug)
    group = get_object_or_404(ReadingGroup, pk=pk, branch=branch)
    panels = _group_panels(request, group)
    response = render(
        request,
        "branches/group_detail.html",
        {
            "branch": branch,
            "group": group,
            "sessions": _sessions(branch, group).filter(date__gte=timezone.localdate()),
            "panels": panels,
        },
    )
    if panels:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _group_panels(request, group):
    """What the apps above add to the group's page (assembly: proposals, polls
    and, for its members, its record) by ``register_group_page_panel``: each a
    function of ``(request, group)`` returning HTML, or "" for nothing. Those
    panels name people to members only, so the page is then private."""
    panels = [
        panel(request, group) for panel in hooks.get_hooks("register_group_page_panel")
    ]
    return format_html_join("\n", "{}", ((p,) for p in panels if p))


def _feed(request, name, sessions, url):
    since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
    body = ical.calendar(
        name=name,
        sessions=sessions.filter(date__gte=since),
        host=request.get_host().split(":")[0],
        base_url=request.build_absolute_uri(url),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    return response


def branch_calendar(request, slug):
    branch = get_object_or_404(Branch, slug=slug)
    return _feed(request, f"{branch.name} sessions", _sessions(branch), f"/branches/{branch.slug}/")


def group_calendar(request, slug, pk):
    branch = get_object_or_404(Branch, slug=slug)
    group = get_object_or_404(ReadingGroup, pk=pk, branch=branch)
    return _feed(
        request,
        f"{group.name} ({branch.name})",
        _sessions(branch, group),
        f"/branches/{branch.slug}/groups/{group.pk}/",
    )
