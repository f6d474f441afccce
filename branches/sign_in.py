"""Reads: who a session expects, the one list its sign-in sheets print.

The register's printable sheet (``views.register.sign_in_sheet``), the sheet
in a session's facilitator pack and the pack's print counts ("To print: 3
large print, 10 clear print") all read ``sign_in_lists``; nothing else
decides who is named on paper.

Who is expected (see README, "Sign-in sheets"):

- at a reading group's session, the group's members (``ReadingGroup.members``,
  kept by the organisers on the group's form) who had joined the branch by the
  day;
- at a one-off session of the branch, nobody by name: it is open to the
  branch, and a sheet passed round the room must not list the branch;
- at either, anyone already marked present or late at it, so a sheet made
  again after the session names who was there.

Erased members are never listed. Names are the ones shown (preferred name,
else name) and sorted as shown. The list carries no register statuses.
"""

from collections import defaultdict

from .models import Attendance, Member, ReadingGroup, Session

CAME = [Attendance.Status.PRESENT, Attendance.Status.LATE]


def sign_in_sort_key(member: Member) -> tuple[str, int]:
    return (member.display_name.casefold(), member.pk)


def sign_in_lists(*, sessions) -> dict[int, list[Member]]:
    """Each session's expected people, by session id, in the order printed.
    Two queries for any number of sessions."""
    sessions = list(sessions)
    group_ids = {s.group_id for s in sessions if s.group_id}
    by_group: dict[int, list[Member]] = defaultdict(list)
    if group_ids:
        rows = ReadingGroup.members.through.objects.filter(
            readinggroup_id__in=group_ids, member__erased_at__isnull=True
        ).select_related("member")
        for row in rows:
            by_group[row.readinggroup_id].append(row.member)
    came: dict[int, list[Member]] = defaultdict(list)
    marks = Attendance.objects.filter(
        session_id__in=[s.pk for s in sessions],
        status__in=CAME,
        member__erased_at__isnull=True,
    ).select_related("member")
    for mark in marks:
        came[mark.session_id].append(mark.member)
    lists = {}
    for session in sessions:
        people = {
            m.pk: m
            for m in by_group.get(session.group_id, [])
            if m.joined_on <= session.date
        }
        people.update((m.pk, m) for m in came[session.pk])
        lists[session.pk] = sorted(people.values(), key=sign_in_sort_key)
    return lists


def sign_in_list(*, session: Session) -> list[Member]:
    """The people ``session`` expects, in the order printed."""
    return sign_in_lists(sessions=[session])[session.pk]


def sign_in_counts(*, members: list[Member]) -> dict[str, int]:
    """How many packs of each print size a list of expected people needs."""
    large = sum(1 for member in members if member.large_print)
    return {"large": large, "clear": len(members) - large}
