import datetime

import pytest
from django.urls import reverse

from branches.models import BranchLogEntry
from branches.selectors import ReportFilters, branch_report, national_summary
from tests.factories.branches import AttendanceFactory, MemberFactory, SessionFactory

TODAY = datetime.date.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def history(branch_a, group_a):
    """Five fortnightly sessions; Ada came to all, Ben joined for the last two,
    Cy missed the last three, Di came once and never again."""
    sessions = [
        SessionFactory(branch=branch_a, group=group_a, date=days_ago(14 * (4 - i))) for i in range(5)
    ]
    ada = MemberFactory(branch=branch_a, name="Ada", joined_on=days_ago(100))
    ben = MemberFactory(branch=branch_a, name="Ben", joined_on=sessions[3].date)
    cy = MemberFactory(branch=branch_a, name="Cy", joined_on=days_ago(100))
    di = MemberFactory(branch=branch_a, name="Di", joined_on=days_ago(100))
    for s in sessions:
        AttendanceFactory(session=s, member=ada, status="present")
    AttendanceFactory(session=sessions[3], member=ben, status="late")
    AttendanceFactory(session=sessions[4], member=ben, status="apologies")
    AttendanceFactory(session=sessions[0], member=cy, status="present")
    AttendanceFactory(session=sessions[1], member=cy, status="apologies")
    for s in sessions[2:]:
        AttendanceFactory(session=s, member=cy, status="absent")
    AttendanceFactory(session=sessions[1], member=di, status="present")
    SessionFactory(branch=branch_a, group=group_a, date=TODAY + datetime.timedelta(days=14))
    return {"sessions": sessions, "ada": ada, "ben": ben, "cy": cy, "di": di}


def test_member_rates_count_only_sessions_since_joining(history, branch_a):
    report = branch_report(branch=branch_a, filters=ReportFilters())
    rows = {m.name: m for m in report["members"]}
    assert (rows["Ada"].held, rows["Ada"].came, rows["Ada"].committed) == (5, 5, 5)
    # Ben joined for the last two: 1 of 2 came, 2 of 2 committed; earlier sessions don't count.
    assert (rows["Ben"].held, rows["Ben"].came, rows["Ben"].committed) == (2, 1, 2)
    assert (rows["Cy"].held, rows["Cy"].came, rows["Cy"].committed, rows["Cy"].absences) == (5, 1, 2, 3)


def test_sessions_first_timers_and_three_absences(history, branch_a):
    report = branch_report(branch=branch_a, filters=ReportFilters())
    assert len(report["sessions"]) == 5  # the coming one is not held yet
    last = report["sessions"][-1]
    assert (last.present, last.late, last.apologies, last.absent) == (1, 0, 1, 1)
    assert [m.name for m in report["absent_three"]] == ["Cy"]
    # Over all time everyone was new once; only Ada came again.
    assert report["first_timers"] == {"first_timers": 4, "came_back": 1}
    recent = branch_report(branch=branch_a, filters=ReportFilters(since=history["sessions"][3].date))
    assert recent["first_timers"] == {"first_timers": 1, "came_back": 0}  # Ben
    assert report["totals"]["sessions"] == 5
    assert sum(r["present"] + r["late"] for r in report["months"]) == report["totals"]["came"] == 8


def test_report_page_has_chart_table_and_is_filtered(client, organiser_a, history, branch_a):
    client.force_login(organiser_a)
    url = reverse("branches_organise:branch_report", args=[branch_a.pk])
    html = client.get(url).content.decode()
    assert '<svg class="chart" role="img"' in html
    assert "<caption>Marks by month</caption>" in html
    assert "Missed the last three sessions" in html and "Cy" in html
    since = history["sessions"][3].date.isoformat()
    csv_text = b"".join(client.get(f"{url}?since={since}&export=csv&table=sessions").streaming_content).decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Date,Session,Present,Late,Apologies,Absent")
    assert len(lines) == 3  # header and the two sessions since the filter date
    entry = BranchLogEntry.objects.filter(action="branches.report_exported").get()
    assert entry.user == organiser_a and entry.data["table"] == "sessions"


def test_xlsx_export_has_the_members(client, organiser_a, history, branch_a):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(organiser_a)
    url = reverse("branches_organise:branch_report", args=[branch_a.pk]) + "?export=xlsx&table=members"
    response = client.get(url)
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "Member"
    assert {r[0] for r in rows[1:]} == {"Ada", "Ben", "Cy", "Di"}


def test_national_summary_counts_only(history, branch_a):
    rows = national_summary(filters=ReportFilters())
    row = next(r for r in rows if r["name"] == branch_a.region.name)
    assert row["members"] == 4 and row["sessions"] == 5 and row["attendances"] == 8
    assert set(row) == {"name", "members", "sessions", "attendances", "commitment_rate"}


def test_report_queries_do_not_grow_with_attendance(branch_a, group_a, django_assert_max_num_queries):
    sessions = [SessionFactory(branch=branch_a, group=group_a, date=days_ago(7 * i)) for i in range(6)]
    members = MemberFactory.create_batch(30, branch=branch_a, joined_on=days_ago(100))
    for s in sessions:
        for m in members:
            AttendanceFactory(session=s, member=m, status="present")
    with django_assert_max_num_queries(11):
        branch_report(branch=branch_a, filters=ReportFilters())
