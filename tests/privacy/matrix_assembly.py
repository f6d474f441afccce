"""The matrix's rows for assembly (issue 15): proposals, polls, records."""

from .matrix import NOBODY, OF_A, ORGANISERS, SESSION_PEOPLE, Case, _r


def _no_voter_named(w, role, response, body):
    """Ballots are secret: a poll's pages never name who voted (member_a did)."""
    assert w.member_a.name not in body, "a voter is named"


def _assembly(route, obj, allowed, post=False, post_allowed=None, check=None):
    return Case(
        route,
        _r(route, obj),
        allowed,
        post=post,
        route=route,
        post_allowed=post_allowed,
        check=check,
    )


# Member pages: for a learner account linked to a member of the branch. The
# world's learner is one (matrix_consultations links them to a member of A);
# every other role is refused. tests/assembly has the member's view in full.
MEMBER_OF_A = frozenset({"learner"})
CASES = [
    _assembly("assembly:group", "group_a", MEMBER_OF_A),
    _assembly("assembly:propose", "group_a", MEMBER_OF_A, post=True),
    _assembly("assembly:poll", "poll_a", MEMBER_OF_A, post=True, check=_no_voter_named),
    _assembly("assembly_organise:index", None, ORGANISERS),
    _assembly("assembly_organise:poll_open", "group_a", SESSION_PEOPLE, post=True),
    _assembly("assembly_organise:poll", "poll_a", OF_A, check=_no_voter_named),
    _assembly(
        "assembly_organise:key_slip",
        "poll_a",
        SESSION_PEOPLE,
        post=True,
        check=_no_voter_named,
    ),
    _assembly(
        "assembly_organise:poll_close",
        "poll_a",
        SESSION_PEOPLE,
        post=True,
        check=_no_voter_named,
    ),
    _assembly("assembly_organise:records", None, ORGANISERS),
    _assembly("assembly_organise:record", "session_a", SESSION_PEOPLE, post=True),
    _assembly(
        "assembly_organise:record_approve",
        "record_a",
        NOBODY,
        post=True,
        post_allowed=SESSION_PEOPLE,
    ),
    _assembly(
        "assembly_organise:action_done",
        "action_a",
        NOBODY,
        post=True,
        post_allowed=SESSION_PEOPLE,
    ),
    # The group secretary (issue 15). Their phone pages are for the secretary
    # of the session's group only: no role of the world is one (the learner is
    # a member of A outside its group; organisers write records in the admin).
    # tests/assembly/test_secretary.py has the secretary's own view and other
    # groups' and branches' secretaries.
    _assembly("assembly:secretary_sessions", "group_a", NOBODY, post=True),
    _assembly("assembly:secretary_record", "session_a", NOBODY, post=True),
    _assembly("assembly:secretary_approve", "record_a", NOBODY, post=True),
    # Appointing and removing names the group's members: its branch's organisers.
    _assembly("assembly_organise:secretaries", "group_a", SESSION_PEOPLE, post=True),
    _assembly(
        "assembly_organise:secretary_remove",
        "secretary_a",
        NOBODY,
        post=True,
        post_allowed=SESSION_PEOPLE,
    ),
]


def world_objects(group_a, session_a, members_a) -> dict:
    """Branch A's open poll (member_a voted online, one slip keyed) and the
    record of session_a, with an open action."""
    from assembly.models import Action, SessionRecord
    from assembly.services import ballot_cast, ballot_key_paper, secretary_appoint
    from tests.factories.assembly import PollFactory
    from tests.factories.courses import UserFactory

    poll = PollFactory(group=group_a, proposals=3)
    ids = list(poll.proposals.values_list("pk", flat=True))
    ballot_cast(poll_id=poll.pk, member=members_a[0], proposal_ids=ids[:1])
    ballot_key_paper(poll_id=poll.pk, slip_number=1, proposal_ids=ids[1:], user=None)
    record = SessionRecord.objects.create(
        session=session_a, branch=group_a.branch, discussed="RECORD-DISCUSSED-A"
    )
    action = Action.objects.create(record=record, who="ACTION-WHO-A", what="Book it")
    # Bessie Braddock (a member of A, with an account) is group A's secretary.
    # (An update, not a save: saving a member replaces the packs naming people.)
    scribe = members_a[1]
    scribe.user = UserFactory(email="scribe@example.org", first_name="Scribe")
    type(scribe).objects.filter(pk=scribe.pk).update(user=scribe.user)
    group_a.members.add(scribe)
    secretary = secretary_appoint(group=group_a, member_id=scribe.pk, user=None)
    return {
        "poll_a": poll,
        "record_a": record,
        "action_a": action,
        "secretary_a": secretary,
    }


def fingerprint():
    from assembly.models import (
        Action,
        Ballot,
        GroupSecretary,
        Poll,
        Proposal,
        SessionRecord,
    )

    return [
        list(Poll.objects.values_list("pk", "closed_at", "session_id").order_by("pk")),
        list(Proposal.objects.values_list("pk", "poll_id", "topic").order_by("pk")),
        list(Ballot.objects.values_list("pk", "slip_number").order_by("pk")),
        list(
            SessionRecord.objects.values_list(
                "pk", "discussed", "approved_at"
            ).order_by("pk")
        ),
        list(Action.objects.values_list("pk", "done_at").order_by("pk")),
        list(GroupSecretary.objects.values_list("pk", "member_id").order_by("pk")),
    ]


def post_data(w) -> dict:
    """What assembly's forms take: a slip, a vote, a proposal, a poll, a close, a record."""
    return {
        "slip_number": "99",
        "proposal": [p.pk for p in w.poll_a.proposals.all()],
        "proposals": [p.pk for p in w.poll_a.proposals.all()],
        "closes_on": "2030-01-01",
        "winner": w.poll_a.proposals.first().pk,
        "date": "2030-01-01",
        "kind": "topic",
        "topic": "Hijacked",
        "why": "Hijacked",
        "discussed": "Hijacked",
        "action-who-0": "Hijacked",
        "action-what-0": "Hijacked",
    }
