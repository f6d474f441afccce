import datetime
import json

from django.core.management import call_command
from django.urls import reverse

from branches.models import Attendance, BranchLogEntry, Member
from branches.selectors import ReportFilters, branch_totals, session_attendance
from branches.services import members_anonymise_inactive, members_import_csv
from tests.factories.branches import AttendanceFactory, MemberFactory, SessionFactory

CSV_HEADER = "name,preferred_name,email,joined_on,prefers_paper,large_print,consent_on,consent_basis\n"


def test_import_reports_bad_rows_by_line_and_imports_nothing(branch_a, organiser_a):
    data = (
        CSV_HEADER
        + "Ada Lovelace,Ada,ada@example.org,2024-03-01,yes,no,01/03/2024,consent\n"
        + ",,nobody@example.org,,,,,\n"
        + "Ben Bad,,not-an-email,31/02/2024,maybe,,,whim\n"
        + "Cy Good,,,,,,,\n"
    )
    result = members_import_csv(branch=branch_a, data=data.encode(), user=organiser_a)
    assert [line for line, _ in result.errors] == [3, 4]
    assert "name" in result.errors[0][1]
    assert "email" in result.errors[1][1] and "maybe" in result.errors[1][1] and "whim" in result.errors[1][1]
    assert result.imported == 0
    assert not Member.objects.filter(branch=branch_a).exists()
    result = members_import_csv(branch=branch_a, data=data.encode(), user=organiser_a, good_rows_only=True)
    assert result.imported == 2
    ada = Member.objects.get(name="Ada Lovelace")
    assert ada.prefers_paper and not ada.large_print and ada.consent_on == datetime.date(2024, 3, 1)


def test_import_view_refuses_another_branch(client, organiser_a, branch_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organiser_a)
    response = client.post(
        reverse("branches_organise:members_import"),
        {"branch": branch_b.pk, "file": SimpleUploadedFile("m.csv", b"name\nZed\n")},
    )
    assert response.status_code == 400
    assert not Member.objects.filter(name="Zed").exists()


def test_import_view_shows_line_numbers(client, organiser_a, branch_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organiser_a)
    response = client.post(
        reverse("branches_organise:members_import"),
        {"branch": branch_a.pk, "file": SimpleUploadedFile("m.csv", b"name,email\nOk,\n,x@example.org\n")},
    )
    assert "Line 3:" in response.content.decode()
    assert "Nothing was imported" in response.content.decode()


def test_subject_access_export_holds_the_members_data_and_is_logged(client, organiser_a, session_a, members_a):
    AttendanceFactory(session=session_a, member=members_a[0], status="late")
    client.force_login(organiser_a)
    response = client.get(reverse("branches_organise:member_export", args=[members_a[0].pk]))
    data = json.loads(response.content)
    assert data["member"]["name"] == members_a[0].name
    assert data["attendance"][0]["status"] == "Late"
    assert BranchLogEntry.objects.filter(action="branches.member_exported", user=organiser_a).exists()


def test_erasure_removes_personal_data_and_keeps_counts(client, organiser_a, session_a, members_a, branch_a):
    from wagtail.log_actions import log

    ada = members_a[0]
    name = ada.name
    AttendanceFactory(session=session_a, member=ada, status="present")
    log(instance=ada, action="wagtail.edit", user=organiser_a)
    assert BranchLogEntry.objects.filter(object_id=str(ada.pk)).exists()
    before = branch_totals(branch=branch_a, filters=ReportFilters())
    client.force_login(organiser_a)
    response = client.post(reverse("branches_organise:member_erase", args=[ada.pk]))
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.erased_at and ada.name == "" and ada.email == "" and ada.access_needs == ""
    assert Attendance.objects.filter(member=ada).count() == 1
    assert session_attendance(branch=branch_a, filters=ReportFilters()).get().present == 1
    after = branch_totals(branch=branch_a, filters=ReportFilters())
    assert after["came"] == before["came"]
    assert not BranchLogEntry.objects.filter(label__contains=name).exists()
    # Erased members are nobody to list, export or erase again.
    assert name not in client.get(reverse("branches_member:index")).content.decode()
    assert client.get(reverse("branches_organise:member_export", args=[ada.pk])).status_code == 404


def test_retention_anonymises_only_long_inactive_members(branch_a, settings):
    settings.MEMBER_RETENTION_YEARS = 3
    old_session = SessionFactory(branch=branch_a, date=datetime.date(2020, 5, 1))
    recent_session = SessionFactory(branch=branch_a, date=datetime.date.today())
    gone = MemberFactory(branch=branch_a, name="Long Gone", joined_on=datetime.date(2019, 1, 1))
    AttendanceFactory(session=old_session, member=gone)
    active = MemberFactory(branch=branch_a, name="Still Here", joined_on=datetime.date(2019, 1, 1))
    AttendanceFactory(session=recent_session, member=active)
    never = MemberFactory(branch=branch_a, name="Never Came", joined_on=datetime.date(2019, 1, 1))
    new = MemberFactory(branch=branch_a, name="Just Joined", joined_on=datetime.date.today())
    assert members_anonymise_inactive() == 2
    assert set(Member.objects.filter(erased_at__isnull=True).values_list("name", flat=True)) == {
        "Still Here", "Just Joined",
    }
    assert Attendance.objects.filter(member=gone).exists()
    del never, new


def test_anonymise_command_reports_through_stdout(db, capsys):
    call_command("anonymise_inactive_members", "--years", "5")
    assert "Anonymised 0 inactive member(s)." in capsys.readouterr().out


def test_repeating_sessions_in_one_go(client, organiser_a, group_a):
    from branches.models import Session

    client.force_login(organiser_a)
    response = client.post(
        reverse("branches_organise:sessions_repeat"),
        {
            "group": group_a.pk, "first_date": "2027-01-05", "start_time": "19:00",
            "end_time": "21:00", "every_weeks": "2", "count": "6", "facilitator": "Ruth",
        },
    )
    assert response.status_code == 302
    dates = list(Session.objects.filter(group=group_a).values_list("date", flat=True))
    assert dates == [datetime.date(2027, 1, 5) + datetime.timedelta(weeks=2 * i) for i in range(6)]
    assert all(d.weekday() == 1 for d in dates)  # every second Tuesday


def test_deleting_a_member_recounts_the_sessions_they_were_marked_in(
    client, organiser_a, admin_user, session_a, members_a, branch_a
):
    from branches.services import RegisterInput, register_save

    ada, bessie = members_a[:2]
    entry = RegisterInput({ada.pk: "present", bessie.pk: "present"}, [])
    register_save(session=session_a, entry=entry, user=organiser_a)
    session_a.refresh_from_db()
    assert session_a.present_count == 2

    # Organisers erase members (the counts stay); only admins delete outright,
    # as for a duplicate entered by mistake.
    client.force_login(organiser_a)
    client.post(reverse("branches_member:delete", args=[bessie.pk]))
    assert Member.objects.filter(pk=bessie.pk).exists()
    client.force_login(admin_user)
    response = client.post(reverse("branches_member:delete", args=[bessie.pk]))

    assert response.status_code == 302
    assert not Member.objects.filter(pk=bessie.pk).exists()
    session_a.refresh_from_db()
    assert session_a.present_count == 1
    assert session_attendance(branch=branch_a, filters=ReportFilters()).get().present == 1
