"""The demo branch: Riverside, its members, its Tuesday reading group and
registers, run by the demo organiser (``organiser@example.org``).

Called at the end of ``courses.demo.demo_load``, after the course's modules
exist, so sessions can be linked to them. Like the rest of the demo it only
creates what is missing: the programme and its registers are made once, with
the reading group, and are then the organiser's to change.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import ModulePage
from library.models import TextSection

from .models import (
    Attendance,
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

ORGANISER_EMAIL = "organiser@example.org"
COURSE_SLUG = "how-our-party-works"

REGION = "West Midlands (demo)"
BRANCH = {
    "slug": "riverside",
    "name": "Riverside branch",
    "area": "Riverside, Mill End and Northbank wards",
    "constituency_party": "Riverside and Northbank CLP",
    "contact_name": "Olu Adeyemi",
    "contact_email": ORGANISER_EMAIL,
}
VENUE = {
    "name": "Riverside Community Centre",
    "address": "14 Wharf Road\nRiverside\nRV1 2AB",
    "step_free": True,
    "access_notes": (
        "Step-free entrance from the car park on Mill Lane; lift to the "
        "first-floor meeting room; accessible toilet on each floor; hearing "
        "loop in the meeting room. Blue-badge spaces by the entrance."
    ),
}
# (name, preferred name, prefers paper, large print, access needs)
MEMBERS = [
    ("Margaret Okonkwo", "Maggie", True, True, ""),
    ("Dafydd Pryce", "", False, False, ""),
    ("Siobhan Gallagher", "", False, False, ""),
    ("Tariq Hussain", "", False, False, ""),
    ("Eleanor Whitfield", "Nell", True, False, "Hearing aid: sits near the front."),
    ("Callum MacLeod", "", False, False, ""),
    ("Priya Chauhan", "", False, False, ""),
    ("Winston Clarke", "", True, True, "Uses a wheelchair."),
    ("Agnieszka Nowak", "Aga", False, False, ""),
    ("Graham Thorne", "", True, True, ""),
    ("Bronwen Ellis", "", False, False, ""),
    ("Kwame Mensah", "", False, False, ""),
]
# The last member joined at the second session: a first-timer in the report.
LATE_JOINER = "Kwame Mensah"

GROUP = {
    "name": "Tuesday reading group",
    "description": (
        "We work through “How our party works” a session a fortnight: read the "
        "module beforehand if you can, or come along and read it with us. Tea "
        "from 6.45pm."
    ),
}
# Six fortnightly Tuesdays: three before this week's, this week's, two to come.
SESSIONS_BEFORE = 3
SESSIONS = [
    ("", "branches-and-constituency-parties", "Bronwen Ellis"),
    ("", "how-policy-is-made", "Tariq Hussain"),
    ("", "what-representation-means", "Bronwen Ellis"),
    ("", "running-a-democratic-meeting", "Tariq Hussain"),
    ("Looking back: questions and catch-up", None, "Bronwen Ellis"),
    ("Planning the branch's next course", None, "Olu Adeyemi"),
]
# Library readings set for a session (by its index above): text slug, section anchor.
LIBRARY_READINGS = {
    3: ("the-branch-meeting", "motions-and-amendments"),
    5: ("learning-together", "choosing-what-to-read"),
}
# Marks cycle through this for the registers already taken: mostly present.
MARKS = [
    Attendance.Status.PRESENT,
    Attendance.Status.PRESENT,
    Attendance.Status.LATE,
    Attendance.Status.PRESENT,
    Attendance.Status.APOLOGIES,
    Attendance.Status.PRESENT,
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.PRESENT,
]


def _log(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _this_weeks_tuesday(today: datetime.date) -> datetime.date:
    """The Tuesday on or before ``today``."""
    return today - datetime.timedelta(days=(today.weekday() - 1) % 7)


def _programme_create(
    *, branch: Branch, group: ReadingGroup, venue: Venue, organiser, stdout=None
) -> None:
    today = timezone.localdate()
    first = _this_weeks_tuesday(today) - datetime.timedelta(weeks=2 * SESSIONS_BEFORE)
    sessions = sessions_create_repeating(
        branch=branch,
        group=group,
        first_date=first,
        start_time=datetime.time(19, 0),
        end_time=datetime.time(21, 0),
        every_weeks=2,
        count=len(SESSIONS),
        venue=venue,
    )
    modules = {
        page.slug: page
        for page in ModulePage.objects.filter(
            slug__in=[slug for _title, slug, _who in SESSIONS if slug],
            url_path__contains=f"/{COURSE_SLUG}/",
        )
    }
    for session, (title, slug, facilitator) in zip(sessions, SESSIONS, strict=True):
        session.title = title
        session.module = modules.get(slug)
        session.facilitator = facilitator
        session.save(update_fields=["title", "module", "facilitator"])
    _log(stdout, f"Created {len(sessions)} sessions of the {group.name}")
    for index, (text_slug, anchor) in LIBRARY_READINGS.items():
        section = (
            TextSection.objects.select_related("page")
            .filter(page__slug=text_slug, page__live=True, anchor=anchor)
            .first()
        )
        if section is not None:
            SessionReading.objects.create(
                session=sessions[index], text=section.page, section=section
            )

    members = list(Member.objects.filter(branch=branch).order_by("name", "pk"))
    for s, session in enumerate(sessions):
        if session.date >= today:
            continue
        statuses = {
            member.pk: MARKS[(i + 2 * s) % len(MARKS)]
            for i, member in enumerate(members)
            if member.joined_on <= session.date
        }
        register_save(
            session=session, entry=RegisterInput(statuses=statuses), user=organiser
        )
        register_close(session=session, user=organiser)
        _log(stdout, f"Took the register of {session}")


@transaction.atomic
def demo_load_branches(*, stdout=None) -> Branch:
    """The demo branch; loading again adds only what is missing."""
    region, created = Region.objects.get_or_create(name=REGION)
    if created:
        _log(stdout, f"Created the region {region}")
    branch, created = Branch.objects.get_or_create(
        slug=BRANCH["slug"], defaults={**BRANCH, "region": region}
    )
    if created:
        _log(stdout, f"Created {branch}")
    venue, created = Venue.objects.get_or_create(
        branch=branch, name=VENUE["name"], defaults=VENUE
    )
    if created:
        _log(stdout, f"Created the venue {venue}")

    today = timezone.localdate()
    first_session = _this_weeks_tuesday(today) - datetime.timedelta(
        weeks=2 * SESSIONS_BEFORE
    )
    for i, (name, preferred, paper, large, needs) in enumerate(MEMBERS):
        joined = (
            first_session + datetime.timedelta(weeks=2)
            if name == LATE_JOINER
            else first_session - datetime.timedelta(days=90 + 61 * i)
        )
        _member, created = Member.objects.get_or_create(
            branch=branch,
            name=name,
            defaults={
                "preferred_name": preferred,
                "email": f"{name.split()[0].lower()}.{name.split()[-1].lower()}"
                "@example.org",
                "joined_on": joined,
                "prefers_paper": paper,
                "large_print": large,
                "access_needs": needs,
                "consent_on": joined,
                "consent_basis": Member.ConsentBasis.MEMBERSHIP,
            },
        )
        if created:
            _log(stdout, f"Added {name} to {branch}")

    organiser = get_user_model().objects.filter(username=ORGANISER_EMAIL).first()
    if organiser is not None:
        _role, created = BranchRole.objects.get_or_create(user=organiser, branch=branch)
        if created:
            _log(stdout, f"Made {ORGANISER_EMAIL} organiser of {branch}")

    group, created = ReadingGroup.objects.get_or_create(
        branch=branch, name=GROUP["name"], defaults=GROUP
    )
    if created:
        _log(stdout, f"Created the {group.name}")
        # Everyone in the demo branch comes to its one group: the names its
        # sign-in sheets print (branches/sign_in.py).
        group.members.set(Member.objects.filter(branch=branch, erased_at__isnull=True))
        _programme_create(
            branch=branch, group=group, venue=venue, organiser=organiser, stdout=stdout
        )
    return branch
