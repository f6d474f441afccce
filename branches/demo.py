"""The demo branch (``branches/demo_data/branch.yaml``): Riverside, its
members, its Tuesday reading group and registers, run by the demo organiser.

Loaded last by ``load_demo`` (``wagtail_hooks.py``; see ``core.demo``), after
the course's modules and the library exist, so sessions can be linked to them.
Like the rest of the demo it only creates what is missing: the programme and
its registers are made once, with the reading group, and are then the
organiser's to change.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.demo import demo_data, demo_log
from courses.models import ModulePage
from library.models import TextSection

from .models import (
    Branch,
    BranchRole,
    Member,
    ReadingGroup,
    Region,
    SessionReading,
    Venue,
)
from .services import (
    RegisterInput,
    register_close,
    register_save,
    sessions_create_repeating,
)


def _data() -> dict:
    """Read when the demo is loaded, not when the site starts."""
    return demo_data(app_label="branches", name="branch.yaml")


def _first_session(today: datetime.date) -> datetime.date:
    """Six fortnightly Tuesdays: ``sessions_before`` of them before this week's
    (the Tuesday on or before ``today``)."""
    tuesday = today - datetime.timedelta(days=(today.weekday() - 1) % 7)
    return tuesday - datetime.timedelta(weeks=2 * _data()["sessions_before"])


def _sessions_create(*, branch, group, venue, stdout) -> list:
    """The group's sessions, each with its module, facilitator and readings."""
    spec = _data()["sessions"]
    sessions = sessions_create_repeating(
        branch=branch,
        group=group,
        first_date=_first_session(timezone.localdate()),
        start_time=datetime.time(19, 0),
        end_time=datetime.time(21, 0),
        every_weeks=2,
        count=len(spec),
        venue=venue,
    )
    modules = {
        page.slug: page
        for page in ModulePage.objects.filter(
            slug__in=[s["module"] for s in spec if s["module"]],
            url_path__contains=f"/{_data()['course']}/",
        )
    }
    for session, s in zip(sessions, spec, strict=True):
        session.title = s["title"]
        session.module = modules.get(s["module"])
        session.facilitator = s["facilitator"]
        session.save(update_fields=["title", "module", "facilitator"])
    demo_log(stdout, f"Created {len(sessions)} sessions of the {group.name}")
    for reading in _data()["library_readings"]:
        section = (
            TextSection.objects.select_related("page")
            .filter(
                page__slug=reading["text"], page__live=True, anchor=reading["section"]
            )
            .first()
        )
        if section is not None:
            SessionReading.objects.create(
                session=sessions[reading["session"]], text=section.page, section=section
            )
    return sessions


def _registers_take(*, branch, sessions, organiser, stdout) -> None:
    """The registers of the sessions already held, marks cycling through
    ``marks``: mostly present."""
    marks = _data()["marks"]
    today = timezone.localdate()
    members = list(Member.objects.filter(branch=branch).order_by("name", "pk"))
    for s, session in enumerate(sessions):
        if session.date >= today:
            continue
        statuses = {
            member.pk: marks[(i + 2 * s) % len(marks)]
            for i, member in enumerate(members)
            if member.joined_on <= session.date
        }
        register_save(
            session=session, entry=RegisterInput(statuses=statuses), user=organiser
        )
        register_close(session=session, user=organiser)
        demo_log(stdout, f"Took the register of {session}")


def _members_load(*, branch, stdout) -> None:
    """The members; the late joiner joined at the second session (a first-timer
    in the report)."""
    first_session = _first_session(timezone.localdate())
    for i, spec in enumerate(_data()["members"]):
        name = spec["name"]
        joined = (
            first_session + datetime.timedelta(weeks=2)
            if name == _data()["late_joiner"]
            else first_session - datetime.timedelta(days=90 + 61 * i)
        )
        first, last = name.split()[0].lower(), name.split()[-1].lower()
        _member, created = Member.objects.get_or_create(
            branch=branch,
            name=name,
            defaults={
                **{k: v for k, v in spec.items() if k != "name"},
                "email": f"{first}.{last}@example.org",
                "joined_on": joined,
                "consent_on": joined,
                "consent_basis": Member.ConsentBasis.MEMBERSHIP,
            },
        )
        if created:
            demo_log(stdout, f"Added {name} to {branch}")


def _created(stdout, created: bool, message: str) -> None:
    if created:
        demo_log(stdout, message)


def demo_branch_load(*, demo: dict, stdout=None) -> None:
    """The demo branch (``demo["branch"]``); loading again adds only what is missing."""
    region, created = Region.objects.get_or_create(name=_data()["region"])
    _created(stdout, created, f"Created the region {region}")
    branch, created = Branch.objects.get_or_create(
        slug=_data()["branch"]["slug"], defaults={**_data()["branch"], "region": region}
    )
    _created(stdout, created, f"Created {branch}")
    venue, created = Venue.objects.get_or_create(
        branch=branch, name=_data()["venue"]["name"], defaults=_data()["venue"]
    )
    _created(stdout, created, f"Created the venue {venue}")
    _members_load(branch=branch, stdout=stdout)

    email = _data()["organiser"]
    organiser = get_user_model().objects.filter(username=email).first()
    if organiser is not None:
        _role, created = BranchRole.objects.get_or_create(user=organiser, branch=branch)
        _created(stdout, created, f"Made {email} organiser of {branch}")

    group, created = ReadingGroup.objects.get_or_create(
        branch=branch, name=_data()["group"]["name"], defaults=_data()["group"]
    )
    if created:
        demo_log(stdout, f"Created the {group.name}")
        # Everyone in the demo branch comes to its one group: the names its
        # sign-in sheets print (branches/sign_in.py).
        group.members.set(Member.objects.filter(branch=branch, erased_at__isnull=True))
        sessions = _sessions_create(
            branch=branch, group=group, venue=venue, stdout=stdout
        )
        _registers_take(
            branch=branch, sessions=sessions, organiser=organiser, stdout=stdout
        )
    demo["branch"] = branch
