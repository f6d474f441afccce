import datetime

import factory
from django.contrib.auth.models import Group

from branches.models import (
    Attendance,
    Branch,
    BranchRole,
    Member,
    ReadingGroup,
    Region,
    Session,
    Venue,
)
from tests.factories.courses import UserFactory


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Region {n}")


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    name = factory.Sequence(lambda n: f"Branch {n}")
    slug = factory.Sequence(lambda n: f"branch-{n}")
    area = factory.Faker("city")
    constituency_party = factory.LazyAttribute(lambda o: f"{o.area} CLP")
    region = factory.SubFactory(RegionFactory)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"Community hall {n}")
    address = factory.Faker("address")
    step_free = True
    access_notes = "Ramp at the side door; hearing loop."


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    branch = factory.SubFactory(BranchFactory)
    name = factory.Faker("name")
    email = factory.Faker("email")
    joined_on = datetime.date(2024, 1, 1)
    consent_on = datetime.date(2024, 1, 1)
    consent_basis = Member.ConsentBasis.MEMBERSHIP


class ReadingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadingGroup

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"Reading group {n}")
    description = "We read a chapter a fortnight and talk it through."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    branch = factory.SubFactory(BranchFactory)
    group = factory.SubFactory(ReadingGroupFactory, branch=factory.SelfAttribute("..branch"))
    date = factory.LazyFunction(datetime.date.today)
    start_time = datetime.time(19, 0)
    end_time = datetime.time(21, 0)
    facilitator = factory.Faker("first_name")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    member = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..session.branch"))
    status = Attendance.Status.PRESENT

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from branches.services import session_recount

        attendance = super()._create(model_class, *args, **kwargs)
        session_recount(session_ids=[attendance.session_id])
        return attendance


def organiser_of(*branches, email=None):
    """A user in the Branch organisers group, organiser of ``branches``."""
    user = UserFactory(**({"email": email} if email else {}))
    user.groups.add(Group.objects.get(name="Branch organisers"))
    for branch in branches:
        BranchRole.objects.create(user=user, branch=branch)
    return user


class SessionReadingFactory(factory.django.DjangoModelFactory):
    """A library reading of a session: pass ``text`` (a TextPage) and, if
    wanted, ``section`` and ``pages``."""

    class Meta:
        model = "branches.SessionReading"

    session = factory.SubFactory(SessionFactory)
    pages = ""
    sort_order = factory.Sequence(int)  # in the order made, as the admin numbers them
