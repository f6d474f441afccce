"""Two organisers keying slips at the same moment lose nothing, and a slip
keyed by both at once counts once (PostgreSQL only: SQLite serialises writes)."""

import pytest

from assembly.models import Ballot, BallotChoice
from assembly.services import AssemblyError, ballot_key_paper
from tests.concurrency import POSTGRES_ONLY, race
from tests.factories.assembly import PollFactory
from tests.factories.branches import BranchFactory, organiser_of

pytestmark = POSTGRES_ONLY


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_organisers_keying_slips_at_once_lose_nothing():
    branch = BranchFactory()
    poll = PollFactory(group__branch=branch, proposals=3)
    ids = list(poll.proposals.values_list("pk", flat=True))
    first, second = organiser_of(branch), organiser_of(branch)
    for round_ in range(10):
        a, b = 2 * round_ + 1, 2 * round_ + 2
        raced = race(
            [
                lambda a=a: ballot_key_paper(
                    poll_id=poll.pk, slip_number=a, proposal_ids=ids[:2], user=first
                ),
                lambda b=b: ballot_key_paper(
                    poll_id=poll.pk, slip_number=b, proposal_ids=ids[1:], user=second
                ),
            ],
            refused_by=AssemblyError,
        )
        assert raced.refused == [], raced.refused
        assert len(raced.results) == 2
        assert all(isinstance(o, Ballot) for o in raced.results), raced.results
    assert Ballot.objects.filter(poll=poll).count() == 20
    assert BallotChoice.objects.filter(poll=poll).count() == 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_slip_keyed_by_two_organisers_at_once_counts_once():
    branch = BranchFactory()
    poll = PollFactory(group__branch=branch, proposals=2)
    ids = list(poll.proposals.values_list("pk", flat=True))
    first, second = organiser_of(branch), organiser_of(branch)
    for number in range(1, 6):
        raced = race(
            [
                lambda user=user, number=number: ballot_key_paper(
                    poll_id=poll.pk, slip_number=number, proposal_ids=ids, user=user
                )
                for user in (first, second)
            ],
            refused_by=AssemblyError,
        )
        refused = raced.refused
        assert len(refused) == 1 and "already been keyed in" in refused[0], raced
    assert Ballot.objects.filter(poll=poll).count() == 5
    assert BallotChoice.objects.filter(poll=poll).count() == 10
