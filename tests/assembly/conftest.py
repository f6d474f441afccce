import datetime

import pytest

from tests.factories.assembly import PollFactory
from tests.factories.branches import MemberFactory, ReadingGroupFactory, SessionFactory


@pytest.fixture
def group_a(branch_a):
    return ReadingGroupFactory(branch=branch_a, name="Capital reading group")


@pytest.fixture
def poll_a(group_a):
    return PollFactory(group=group_a, proposals=4)


@pytest.fixture
def voter(learner, branch_a, group_a):
    """The ``learner`` account, linked to a member of branch A in group A."""
    member = MemberFactory(branch=branch_a, name="Ada Lovelace", user=learner)
    group_a.members.add(member)
    return member


@pytest.fixture
def past_session(group_a):
    return SessionFactory(
        branch=group_a.branch,
        group=group_a,
        date=datetime.date.today() - datetime.timedelta(days=14),
    )
