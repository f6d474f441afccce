"""The demo branch that `load_demo` adds: Riverside, run by the demo organiser."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from branches.access import visible_branches
from branches.models import (
    Attendance,
    Branch,
    BranchLogEntry,
    BranchRole,
    Member,
    ReadingGroup,
    Region,
    Session,
    SessionReading,
    Venue,
)
from tests.factories.branches import BranchFactory, SessionFactory

pytestmark = pytest.mark.django_db

ORGANISER = "organiser@example.org"


@pytest.fixture(autouse=True)
def _no_background_work(settings):
    """Publishing the demo course would index and render packs: not tested here."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


def _load() -> str:
    out = StringIO()
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = [
        Region,
        Branch,
        Venue,
        Member,
        BranchRole,
        ReadingGroup,
        Session,
        Attendance,
        SessionReading,
        ModelLogEntry,
        BranchLogEntry,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["users"] = get_user_model().objects.count()
    counts["session fields"] = hash(
        tuple(
            Session.objects.order_by("pk").values_list(
                "date",
                "title",
                "module_id",
                "facilitator",
                "register_closed_at",
                "present_count",
                "late_count",
                "apologies_count",
                "absent_count",
            )
        )
    )
    return counts


@pytest.fixture
def riverside(home) -> Branch:
    _load()
    return Branch.objects.get(slug="riverside")


def test_loading_twice_changes_nothing(home):
    first = _load()
    assert "Created Riverside branch" in first
    before = _counts()
    assert before["Member"] >= 12
    # Riverside's six; other apps' demos add sessions of their own branches.
    assert Session.objects.filter(branch__slug="riverside").count() == 6

    second = _load()

    assert _counts() == before
    assert "Created" not in second and "Added" not in second


def test_the_demo_branch_has_what_the_brief_promised(riverside):
    venue = riverside.venues.get()
    assert venue.step_free and "Step-free" in venue.access_notes
    members = Member.objects.filter(branch=riverside)
    assert members.count() == 12
    assert members.filter(prefers_paper=True).exists()
    assert members.filter(large_print=True).exists()
    group = ReadingGroup.objects.get(branch=riverside, name="Tuesday reading group")
    sessions = list(group.sessions.order_by("date"))
    assert len(sessions) == 6
    assert {s.date.weekday() for s in sessions} == {1}  # Tuesdays
    assert all(
        (later.date - earlier.date).days == 14
        for earlier, later in zip(sessions, sessions[1:], strict=False)
    )
    assert [s.module.slug for s in sessions[:4]] == [
        "branches-and-constituency-parties",
        "how-policy-is-made",
        "what-representation-means",
        "running-a-democratic-meeting",
    ]
    assert all(
        s.module.get_parent().slug == "how-our-party-works" for s in sessions[:4]
    )
    today = timezone.localdate()
    assert any(s.date > today for s in sessions)
    # Two sessions set a chapter of the demo library, linked on the public page.
    assert [r.citation for r in sessions[3].library_reading_list] == [
        "The branch meeting: a guide for chairs and secretaries, Motions and amendments"
    ]
    assert [r.citation for r in sessions[5].library_reading_list] == [
        "Learning together: running a branch reading group, Choosing what to read"
    ]


def test_past_sessions_have_registers_taken(riverside):
    today = timezone.localdate()
    past = Session.objects.filter(branch=riverside, date__lt=today)
    assert past.count() >= 3
    for session in past:
        expected = Member.objects.filter(branch=riverside, joined_on__lte=session.date)
        marks = Attendance.objects.filter(session=session)
        assert marks.count() == expected.count() > 0
        assert session.register_closed_at is not None
        assert (
            session.present_count + session.late_count
            == marks.filter(status__in=["present", "late"]).count()
            > 0
        )
    upcoming = Session.objects.filter(branch=riverside, date__gt=today)
    assert upcoming.exists()
    assert not Attendance.objects.filter(session__in=upcoming).exists()


def test_the_organiser_sees_only_the_demo_branch(riverside, client):
    other = BranchFactory(name="Elsewhere", slug="elsewhere")
    other_session = SessionFactory(branch=other, date=timezone.localdate())
    organiser = get_user_model().objects.get(username=ORGANISER)
    assert list(visible_branches(organiser)) == [riverside]

    assert client.login(username=ORGANISER, password="demo-organiser-password")
    registers = client.get(reverse("branches_organise:registers"))
    assert registers.status_code == 200
    assert b"Tuesday reading group" in registers.content
    refused = client.get(reverse("branches_organise:register", args=[other_session.pk]))
    assert refused.status_code == 404


def test_demo_logins_lists_the_organiser(riverside):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "organiser@example.org / demo-organiser-password\n" in out.getvalue()
    assert "Branch organiser" in out.getvalue()
