import datetime

import pytest

from tests.factories.branches import (
    MemberFactory,
    ReadingGroupFactory,
    SessionFactory,
)


@pytest.fixture
def members_a(branch_a):
    names = ["Ada Lovelace", "Bessie Braddock", "Clement Attlee", "Dora Gaitskell"]
    return [MemberFactory(branch=branch_a, name=name) for name in names]


@pytest.fixture
def members_b(branch_b):
    return [MemberFactory(branch=branch_b, name=name) for name in ["Zed Bexley", "Yara Bexley"]]


@pytest.fixture
def group_a(branch_a):
    return ReadingGroupFactory(branch=branch_a, name="Capital reading group")


@pytest.fixture
def session_a(group_a):
    return SessionFactory(branch=group_a.branch, group=group_a, date=datetime.date.today())


@pytest.fixture
def session_b(branch_b):
    return SessionFactory(branch=branch_b, date=datetime.date.today())
