"""One owner per figure: each is computed in one place and read everywhere
else. Each test changes what the owner answers and checks that every reader
follows; a second computation that drifts from the owner fails here.

(A session's print counts are the sign-in sheet's expected list: packs/.)"""

import datetime

import pytest

from branches.models import Attendance
from branches.selectors import ReportFilters, branch_totals, member_attendance
from courses.models import AgendaItem, ModulePage
from packs.documents import pack_context, pack_ref, pack_source, pack_source_from_ref
from packs.models import PackFile
from packs.options import PackOptions
from tests.factories.branches import AttendanceFactory, MemberFactory, SessionFactory
from tests.factories.courses import ModulePageFactory, module_body

pytestmark = pytest.mark.django_db
Status = Attendance.Status


def _pack_timings(module) -> list[tuple[int, int]]:
    context = pack_context(
        source=pack_source(module), options=PackOptions(edition="facilitator")
    )
    (part,) = context["parts"]
    return [(item.start, item.minutes) for item in part.items if item.minutes]


# A module's agenda and time: ModulePage.agenda ------------------------------


def test_the_pack_and_the_saved_time_read_the_modules_agenda(course):
    module = ModulePageFactory(parent=course, body=module_body(blocks_count=7))
    agenda = module.agenda
    assert len(agenda) >= 2
    assert _pack_timings(module) == [(a.start, a.minutes) for a in agenda]
    assert module.estimated_minutes == module.agenda_minutes > 0


def test_a_different_agenda_changes_every_reader(course, monkeypatch):
    module = ModulePageFactory(parent=course, body=module_body(blocks_count=7))
    timed = [a.position for a in module.agenda]
    other = [
        AgendaItem(label=f"item {n}", minutes=7 + n, start=100 * n, position=position)
        for n, position in enumerate(timed)
    ]
    monkeypatch.setattr(ModulePage, "agenda_of", staticmethod(lambda blocks: other))
    module.__dict__.pop("agenda", None)
    assert _pack_timings(module) == [(a.start, a.minutes) for a in other]
    module.save()
    assert module.estimated_minutes == sum(a.minutes for a in other)


# A pack's reference: packs.documents.pack_ref -------------------------------


@pytest.mark.parametrize("kind", ["page", "session"])
def test_a_packs_reference_finds_its_source_again(kind, course):
    obj = ModulePageFactory(parent=course) if kind == "page" else SessionFactory()
    source = pack_source(obj)
    assert source.ref == pack_ref(kind=kind, pk=obj.pk)
    again = pack_source_from_ref(source.ref)
    assert (again.kind, again.obj.pk) == (kind, obj.pk)
    key = PackFile.make_key(source_ref=source.ref, revision="1", options_slug="x")
    assert key.startswith(f"{pack_ref(kind=kind, pk=obj.pk)}:")


# A register's tallies: Session.<status>_count, and CAME/COMMITTED ---------


def test_the_reports_count_who_came_as_the_register_does(monkeypatch):
    session = SessionFactory(date=datetime.date.today() - datetime.timedelta(days=7))
    statuses = [Status.PRESENT, Status.LATE, Status.APOLOGIES, Status.ABSENT]
    for status in statuses:
        member = MemberFactory(branch=session.branch)
        AttendanceFactory(session=session, member=member, status=status)
    session.refresh_from_db()
    assert [getattr(session, f"{s}_count") for s in statuses] == [1, 1, 1, 1]
    filters = ReportFilters()

    def came():
        totals = branch_totals(branch=session.branch, filters=filters)
        members = member_attendance(branch=session.branch, filters=filters)
        return totals["came"], sum(m.came for m in members), totals["committed"]

    assert came() == (2, 2, 3)
    # Say only "present" counts as came: the totals and each member's agree.
    monkeypatch.setattr("branches.selectors.CAME", [Status.PRESENT])
    monkeypatch.setattr("branches.selectors.COMMITTED", [Status.PRESENT])
    assert came() == (1, 1, 1)
