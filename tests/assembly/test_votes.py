"""Proposals, polls and ballots: the services and the rules they keep."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assembly.models import Ballot, BallotChoice, Proposal
from assembly.selectors import poll_results
from assembly.services import (
    AssemblyError,
    ballot_cast,
    ballot_key_paper,
    poll_close,
    poll_open,
    proposal_create,
)
from tests.factories.assembly import PollFactory, ProposalFactory
from tests.factories.branches import MemberFactory, ReadingGroupFactory

pytestmark = pytest.mark.django_db


def _ids(poll):
    return list(poll.proposals.order_by("pk").values_list("pk", flat=True))


def test_a_member_changes_their_ballot_and_the_counts_follow(poll_a, voter):
    first, second, third, _ = _ids(poll_a)
    ballot_cast(poll_id=poll_a.pk, member=voter, proposal_ids=[first, second])
    ballot_cast(poll_id=poll_a.pk, member=voter, proposal_ids=[third])
    result = poll_results(poll=poll_a)
    counts = {c.proposal.pk: c.count for c in result.counts}
    assert counts[first] == 0 and counts[third] == 1
    assert (result.online, result.paper) == (1, 0)
    assert Ballot.objects.filter(poll=poll_a).count() == 1


def test_the_database_refuses_a_second_ballot_for_one_member(poll_a, voter):
    Ballot.objects.create(poll=poll_a, member=voter, method="online")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll_a, member=voter, method="online")


def test_a_slip_keyed_twice_is_refused_and_counted_once(poll_a, organiser_a):
    first, second, *_ = _ids(poll_a)
    ballot_key_paper(
        poll_id=poll_a.pk, slip_number="7", proposal_ids=[first], user=organiser_a
    )
    with pytest.raises(AssemblyError, match="Slip 7 has already been keyed in"):
        ballot_key_paper(
            poll_id=poll_a.pk, slip_number=7, proposal_ids=[second], user=organiser_a
        )
    result = poll_results(poll=poll_a)
    assert (result.online, result.paper) == (0, 1)
    assert {c.proposal.pk: c.count for c in result.counts}[second] == 0


def test_a_vote_after_closing_is_refused(poll_a, voter):
    poll_a.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll_a.save()
    with pytest.raises(AssemblyError, match="closed"):
        ballot_cast(poll_id=poll_a.pk, member=voter, proposal_ids=_ids(poll_a)[:1])
    with pytest.raises(AssemblyError, match="closed"):
        ballot_key_paper(poll_id=poll_a.pk, slip_number=1, proposal_ids=[], user=None)
    assert not Ballot.objects.exists()


def test_a_vote_for_another_polls_proposal_saves_nothing(poll_a, voter, group_a):
    other = PollFactory(group=group_a, proposals=2)
    with pytest.raises(AssemblyError, match="not in this poll"):
        ballot_cast(
            poll_id=poll_a.pk,
            member=voter,
            proposal_ids=[_ids(poll_a)[0], _ids(other)[0]],
        )
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()


def test_a_member_of_another_branch_cannot_vote(poll_a, branch_b):
    outsider = MemberFactory(branch=branch_b)
    with pytest.raises(AssemblyError, match="own branch"):
        ballot_cast(poll_id=poll_a.pk, member=outsider, proposal_ids=_ids(poll_a)[:1])
    assert not Ballot.objects.exists()


def test_a_proposal_for_another_branchs_group_is_refused(voter, branch_b):
    group_b = ReadingGroupFactory(branch=branch_b)
    with pytest.raises(AssemblyError, match="own branch"):
        proposal_create(member=voter, group=group_b, kind="topic", topic="x", why="y")
    assert not Proposal.objects.exists()


def test_a_poll_needs_the_groups_own_free_proposals(group_a, organiser_a, branch_b):
    mine = ProposalFactory(group=group_a)
    theirs = ProposalFactory(group=ReadingGroupFactory(branch=branch_b))
    closes = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(AssemblyError, match="not this group's"):
        poll_open(
            group=group_a,
            proposal_ids=[mine.pk, theirs.pk],
            closes_at=closes,
            user=organiser_a,
        )
    theirs.refresh_from_db()
    assert theirs.poll is None and not group_a.polls.exists()


def test_closing_makes_the_winner_the_next_session_with_its_reading(
    group_a, voter, organiser_a, handbook
):
    section = handbook.sections.order_by("sort_order").last()
    reading = proposal_create(
        member=voter, group=group_a, kind="section", section=section, why="Votes!"
    )
    topic = ProposalFactory(group=group_a)
    poll = poll_open(
        group=group_a,
        proposal_ids=[reading.pk, topic.pk],
        closes_at=timezone.now() + datetime.timedelta(days=1),
        user=organiser_a,
    )
    ballot_cast(poll_id=poll.pk, member=voter, proposal_ids=[reading.pk])
    date = timezone.localdate() + datetime.timedelta(days=7)
    session = poll_close(
        poll_id=poll.pk,
        winner_id=reading.pk,
        date=date,
        start_time=datetime.time(19),
        user=organiser_a,
    )
    assert (session.group, session.date) == (group_a, date)
    [attached] = session.library_reading_list
    assert (attached.text_id, attached.section_id) == (handbook.pk, section.pk)
    poll.refresh_from_db()
    assert poll.closed_at and poll.session == session and poll.winner == reading
    with pytest.raises(AssemblyError, match="closed"):
        ballot_cast(poll_id=poll.pk, member=voter, proposal_ids=[topic.pk])


def test_closing_is_atomic(poll_a, organiser_a, monkeypatch):
    """If making the session fails, the poll stays open and nothing is half made."""
    from assembly.services import votes

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(votes.SessionReading.objects, "create", broken)
    monkeypatch.setattr(votes.Session, "save", broken)
    with pytest.raises(RuntimeError):
        poll_close(
            poll_id=poll_a.pk,
            winner_id=_ids(poll_a)[0],
            date=timezone.localdate(),
            start_time=datetime.time(19),
            user=organiser_a,
        )
    poll_a.refresh_from_db()
    assert poll_a.closed_at is None and poll_a.session is None


def test_keying_a_slip_takes_a_fixed_number_of_queries(
    poll_a, organiser_a, django_assert_num_queries
):
    ids = _ids(poll_a)
    counts = []
    for number, ticks in [(1, ids[:1]), (2, ids), (3, [])]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            ballot_key_paper(
                poll_id=poll_a.pk,
                slip_number=number,
                proposal_ids=ticks,
                user=organiser_a,
            )
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 8
