"""Listing filters whose choices are the user's branches only."""

import django_filters
from wagtail.admin.filters import WagtailFilterSet

from .access import visible_branches
from .models import Member, ReadingGroup, Session


def user_branches(request):
    return visible_branches(request.user)


def user_groups(request):
    return ReadingGroup.objects.filter(branch__in=visible_branches(request.user).values("pk"))


class MemberFilterSet(WagtailFilterSet):
    branch = django_filters.ModelChoiceFilter(queryset=user_branches)

    class Meta:
        model = Member
        fields = ["branch", "prefers_paper", "large_print"]


class ReadingGroupFilterSet(WagtailFilterSet):
    branch = django_filters.ModelChoiceFilter(queryset=user_branches)

    class Meta:
        model = ReadingGroup
        fields = ["branch"]


class SessionFilterSet(WagtailFilterSet):
    branch = django_filters.ModelChoiceFilter(queryset=user_branches)
    group = django_filters.ModelChoiceFilter(queryset=user_groups)

    class Meta:
        model = Session
        fields = ["branch", "group"]
