import pytest

from tests.factories.assembly import PollFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_factories_make_a_consistent_open_poll():
    poll = PollFactory(proposals=2)
    assert poll.is_open and poll.branch == poll.group.branch
    assert [p.group for p in poll.proposals.all()] == [poll.group, poll.group]
    proposal = ProposalFactory()
    assert proposal.member.branch == proposal.branch == proposal.group.branch
    assert proposal.title.startswith("Topic")
