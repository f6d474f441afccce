import datetime

import pytest

from tests.factories.branches import (
    AttendanceFactory,
    MemberFactory,
    ReadingGroupFactory,
    SessionFactory,
)
from tests.factories.consultations import body_with_question
from tests.factories.courses import ModulePageFactory

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def module(course):
    return ModulePageFactory(
        parent=course,
        title="How policy is made",
        body=body_with_question(),
    )


@pytest.fixture
def group_a(branch_a):
    return ReadingGroupFactory(branch=branch_a, name="Capital reading group")


@pytest.fixture
def session_a(group_a, module):
    return SessionFactory(
        branch=group_a.branch, group=group_a, date=YESTERDAY, module=module
    )


@pytest.fixture
def session_b(branch_b, module):
    return SessionFactory(branch=branch_b, date=YESTERDAY, module=module)


@pytest.fixture
def ada(branch_a, learner):
    """A member of branch A, linked to the learner account, who came."""
    return MemberFactory(branch=branch_a, name="Ada Lovelace", user=learner)


@pytest.fixture
def came(session_a, ada):
    return AttendanceFactory(session=session_a, member=ada)


@pytest.fixture
def absentee(session_a, branch_a, other_learner):
    member = MemberFactory(branch=branch_a, name="Bessie Braddock", user=other_learner)
    AttendanceFactory(session=session_a, member=member, status="absent")
    return member
