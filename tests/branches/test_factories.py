from branches.models import Attendance
from tests.factories.branches import AttendanceFactory, organiser_of


def test_factories_make_one_branch_worth_of_data(db):
    attendance = AttendanceFactory()
    session, member = attendance.session, attendance.member
    assert session.group.branch == session.branch == member.branch
    assert attendance.status == Attendance.Status.PRESENT
    organiser = organiser_of(session.branch)
    assert organiser.has_perm("branches.change_attendance")
    assert organiser.branch_roles.get().branch == session.branch
