"""Reads: the branch report, the regional and national summaries.

Every figure is one aggregate query (``COUNT ... FILTER``/``GROUP BY``); no
attendance row is ever loaded into Python, so a report costs the same at
2,000,000 attendance rows as at 200.
"""

import bisect
import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.utils import timezone

from .models import Attendance, Branch, Member, Region, Session

Status = Attendance.Status
CAME = [Status.PRESENT, Status.LATE]
COMMITTED = [Status.PRESENT, Status.LATE, Status.APOLOGIES]


@dataclass(frozen=True)
class ReportFilters:
    since: datetime.date | None = None
    until: datetime.date | None = None
    group_id: int | None = None

    @classmethod
    def from_cleaned(cls, data: dict) -> "ReportFilters":
        group = data.get("group")
        return cls(since=data.get("since"), until=data.get("until"), group_id=group.pk if group else None)

    def sessions(self, prefix: str = "") -> Q:
        """The sessions counted: held (today or before) and inside the filters."""
        until = min(self.until, timezone.localdate()) if self.until else timezone.localdate()
        q = Q(**{f"{prefix}date__lte": until})
        if self.since:
            q &= Q(**{f"{prefix}date__gte": self.since})
        if self.group_id:
            q &= Q(**{f"{prefix}group_id": self.group_id})
        return q


def session_attendance(*, branch: Branch, filters: ReportFilters) -> QuerySet[Session]:
    """Each session held, with how many were present, late, sent apologies, absent."""
    return (
        Session.objects.filter(filters.sessions(), branch=branch)
        .select_related("group")
        .annotate(**{status: F(f"{status}_count") for status in Status.values})
        .order_by("date", "start_time", "pk")
    )


def member_attendance(*, branch: Branch, filters: ReportFilters) -> list[Member]:
    """Each member: sessions held since they joined, and how many they came to.

    A session before someone joined counts neither for nor against them. Two
    queries: marks grouped by member (SQL), and the dates of the sessions held
    (a branch's handful), from which each member's "held since joining" is a
    binary search.
    """
    dates = list(
        Session.objects.filter(filters.sessions(), branch=branch)
        .order_by("date")
        .values_list("date", flat=True)
    )
    counts = {
        row["member_id"]: row
        for row in Attendance.objects.filter(
            filters.sessions("session__"),
            session__branch=branch,
            session__date__gte=F("member__joined_on"),
        )
        .values("member_id")
        .annotate(
            came=Count("pk", filter=Q(status__in=CAME)),
            committed=Count("pk", filter=Q(status__in=COMMITTED)),
            absences=Count("pk", filter=Q(status=Status.ABSENT)),
        )
        .order_by()
    }
    members = list(
        Member.objects.filter(branch=branch, erased_at__isnull=True).order_by("name", "pk")
    )
    for member in members:
        row = counts.get(member.pk, {})
        member.held = len(dates) - bisect.bisect_left(dates, member.joined_on)
        member.came = row.get("came", 0)
        member.committed = row.get("committed", 0)
        member.absences = row.get("absences", 0)
    return members


def first_timers(*, branch: Branch, filters: ReportFilters) -> dict:
    """People whose first time was in the period, and how many came again."""
    held = filters.sessions("attendances__session__")
    first = (
        Member.objects.filter(branch=branch)
        .annotate(
            first_seen=Min(
                "attendances__session__date",
                filter=Q(attendances__status__in=CAME) & Q(attendances__session__date__lte=timezone.localdate()),
            ),
            times=Count("attendances", filter=held & Q(attendances__status__in=CAME)),
        )
        .filter(first_seen__isnull=False)
    )
    if filters.since:
        first = first.filter(first_seen__gte=filters.since)
    if filters.until:
        first = first.filter(first_seen__lte=filters.until)
    if filters.group_id:
        first = first.filter(times__gte=1)
    totals = first.aggregate(
        first_timers=Count("pk"), came_back=Count("pk", filter=Q(times__gte=2))
    )
    return {"first_timers": totals["first_timers"] or 0, "came_back": totals["came_back"] or 0}


def consecutive_absences(*, branch: Branch, filters: ReportFilters, run: int = 3) -> QuerySet[Member]:
    """Members marked Absent at each of the branch's last ``run`` sessions.

    A prompt to get in touch, not a grade: members who joined after the first
    of those sessions are not expected at all of them and are left out.
    """
    last = list(
        Session.objects.filter(filters.sessions(), branch=branch)
        .order_by("-date", "-start_time", "-pk")
        .values_list("pk", "date")[:run]
    )
    if len(last) < run:
        return Member.objects.none()
    ids = [pk for pk, _ in last]
    return (
        Member.objects.filter(branch=branch, erased_at__isnull=True, joined_on__lte=last[-1][1])
        .annotate(
            missed=Count(
                "attendances",
                filter=Q(attendances__session_id__in=ids, attendances__status=Status.ABSENT),
            )
        )
        .filter(missed=run)
        .order_by("name", "pk")
    )


def _tally(prefix: str = "") -> dict:
    """Sums of the sessions' register tallies."""
    sums = {s: Sum(f"{prefix}{s}_count", default=0) for s in Status.values}
    return sums


def attendance_by_month(*, branch: Branch, filters: ReportFilters) -> list[dict]:
    """Marks per month, for the chart and the table beside it."""
    return list(
        Session.objects.filter(filters.sessions(), branch=branch)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**_tally())
        .order_by("month")
    )


def _rates(row: dict) -> dict:
    marks = sum(row[s] for s in Status.values)
    came = sum(row[s] for s in CAME)  # CAME and COMMITTED say what counts, once
    committed = sum(row[s] for s in COMMITTED)
    return {
        "marks": marks,
        "came": came,
        "committed": committed,
        "commitment_rate": committed / marks if marks else None,
    }


def branch_totals(*, branch: Branch, filters: ReportFilters) -> dict:
    row = Session.objects.filter(filters.sessions(), branch=branch).aggregate(
        sessions=Count("pk"), **_tally()
    )
    members = Member.objects.filter(branch=branch, erased_at__isnull=True).count()
    return {"sessions": row["sessions"], "members": members, **_rates(row)}


def branch_report(*, branch: Branch, filters: ReportFilters) -> dict:
    return {
        "totals": branch_totals(branch=branch, filters=filters),
        "sessions": list(session_attendance(branch=branch, filters=filters)),
        "members": list(member_attendance(branch=branch, filters=filters)),
        "first_timers": first_timers(branch=branch, filters=filters),
        "absent_three": list(consecutive_absences(branch=branch, filters=filters)),
        "months": attendance_by_month(branch=branch, filters=filters),
    }



# A learner's own branches --------------------------------------------------


@dataclass(frozen=True)
class LearnerBranch:
    """One member record linked to a learner: its branch, what is coming up,
    and the member's own attendance, counted as the branch report counts it."""

    member: Member
    upcoming: list[Session]

    @property
    def branch(self) -> Branch:
        return self.member.branch


def _count(queryset: QuerySet, key: str) -> Coalesce:
    """``COUNT(*)`` of a correlated subquery, 0 when it has no rows."""
    counted = queryset.order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def learner_branches(*, user, upcoming: int = 3) -> list[LearnerBranch]:
    """The branches whose lists ``user`` is on, through linked member records.

    Only the learner's own member rows are read. Each gets ``held`` (sessions
    held since they joined) and ``came`` (present or late at those), the rule
    of ``member_attendance``, and the branch's next ``upcoming`` sessions. Three
    queries however many branches: members with their counts as subqueries,
    the sessions numbered per branch by a window function, and their library
    readings.
    """
    if not user.is_authenticated:
        return []
    held = ReportFilters()
    members = list(
        Member.objects.filter(user=user, erased_at__isnull=True)
        .select_related("branch")
        .annotate(
            held=_count(
                Session.objects.filter(
                    held.sessions(), branch=OuterRef("branch_id"), date__gte=OuterRef("joined_on")
                ),
                "branch_id",
            ),
            came=_count(
                Attendance.objects.filter(
                    held.sessions("session__"),
                    member=OuterRef("pk"),
                    session__branch_id=OuterRef("branch_id"),
                    status__in=CAME,
                    session__date__gte=OuterRef("joined_on"),
                ),
                "member_id",
            ),
        )
        .order_by("branch__name", "pk")
    )
    if not members:
        return []
    coming: dict[int, list[Session]] = {}
    for session in (
        Session.objects.filter(
            branch_id__in={m.branch_id for m in members}, date__gte=timezone.localdate()
        )
        .select_related("group", "venue", "module")
        .prefetch_related(Session.prefetch_library_readings())
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("branch_id")],
                order_by=[F("date").asc(), F("start_time").asc(), F("pk").asc()],
            )
        )
        .filter(place__lte=upcoming)
        .order_by("date", "start_time", "pk")
    ):
        coming.setdefault(session.branch_id, []).append(session)
    return [LearnerBranch(member=m, upcoming=coming.get(m.branch_id, [])) for m in members]

# Regional and national summaries: counts only, never names --------------------


def _summary(*, key: str, branches: QuerySet[Branch] | None, filters: ReportFilters) -> dict:
    """Counts grouped by ``key`` (a path from Branch): two GROUP BY queries."""
    members = Member.objects.filter(erased_at__isnull=True)
    sessions = Session.objects.filter(filters.sessions())
    if branches is not None:
        members = members.filter(branch__in=branches)
        sessions = sessions.filter(branch__in=branches)
    members = dict(
        members.values_list(f"branch__{key}").annotate(n=Count("pk")).order_by()
    )
    tallies = {
        row[f"branch__{key}"]: row
        for row in sessions.values(f"branch__{key}")
        .annotate(sessions=Count("pk"), **_tally())
        .order_by()
    }
    out = {}
    for k in set(members) | set(tallies):
        row = tallies.get(k)
        rates = _rates(row) if row else {"came": 0, "commitment_rate": None}
        out[k] = {
            "members": members.get(k, 0),
            "sessions": row["sessions"] if row else 0,
            "attendances": rates["came"],
            "commitment_rate": rates["commitment_rate"],
        }
    return out


def regional_summary(*, region: Region, branches: QuerySet[Branch], filters: ReportFilters) -> list[dict]:
    """Per branch of a region: members, sessions, attendances, commitment."""
    scoped = branches.filter(region=region)
    counts = _summary(key="id", branches=scoped, filters=filters)
    empty = {"members": 0, "sessions": 0, "attendances": 0, "commitment_rate": None}
    return [
        {"name": name, **counts.get(pk, empty)}
        for pk, name in scoped.order_by("name").values_list("pk", "name")
    ]


def national_summary(*, filters: ReportFilters) -> list[dict]:
    """Per region: members, sessions, attendances, commitment. Counts only."""
    counts = _summary(key="region_id", branches=None, filters=filters)
    empty = {"members": 0, "sessions": 0, "attendances": 0, "commitment_rate": None}
    rows = [
        {"name": name, **counts.get(pk, empty)}
        for pk, name in Region.objects.order_by("name").values_list("pk", "name")
    ]
    if None in counts:
        rows.append({"name": "No region", **counts[None]})
    return rows
