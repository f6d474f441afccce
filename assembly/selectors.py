"""Reads: poll results (counts only), what a member sees, what a pack prints."""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from branches.models import Member, Session

from .models import (
    Action,
    Ballot,
    BallotChoice,
    GroupSecretary,
    Poll,
    Proposal,
    SessionRecord,
)
from .services.slips import slips_issue


@dataclass
class ProposalCount:
    proposal: Proposal
    count: int


@dataclass
class PollResult:
    """Counts only: how many ticked each proposal, how many ballots online and
    on paper. Never who voted for what (ballots are secret from organisers)."""

    poll: Poll
    counts: list[ProposalCount]
    online: int
    paper: int
    leaders: list[Proposal] = field(default_factory=list)

    @property
    def ballots(self) -> int:
        return self.online + self.paper


def poll_results(*, poll: Poll) -> PollResult:
    """Two queries whatever the number of ballots: the proposals, each with
    its ticks counted by a subquery on the (poll, proposal) index, and the
    ballots counted per method."""
    ticks = (
        BallotChoice.objects.filter(poll_id=poll.pk, proposal_id=OuterRef("pk"))
        .order_by()
        .values("proposal_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    proposals = list(
        Proposal.objects.filter(poll_id=poll.pk)
        .select_related("text", "section", "module")
        .only(*PROPOSAL_TITLE_FIELDS)
        .annotate(ticks=Coalesce(Subquery(ticks), 0))
    )
    methods = Ballot.objects.filter(poll_id=poll.pk).aggregate(
        online=Count("pk", filter=Q(method=Ballot.Method.ONLINE)),
        paper=Count("pk", filter=Q(method=Ballot.Method.PAPER)),
    )
    counts = sorted(
        (ProposalCount(p, p.ticks) for p in proposals),
        key=lambda c: (-c.count, c.proposal.created_at, c.proposal.pk),
    )
    top = counts[0].count if counts else 0
    return PollResult(
        poll=poll,
        counts=counts,
        online=methods["online"],
        paper=methods["paper"],
        leaders=[c.proposal for c in counts if c.count == top and top > 0],
    )


# What ``Proposal.title`` and a ballot's line read, and no more (a section's
# body, a page's other columns).
PROPOSAL_TITLE_FIELDS = [
    "kind",
    "topic",
    "why",
    "created_at",
    "poll_id",
    "group_id",
    "branch_id",
    "text__title",
    "text__live",
    "section__title",
    "module__title",
]


def learner_members(*, user) -> list[Member]:
    """The user's own (not erased) member records, with their branches."""
    if not user.is_authenticated:
        return []
    return list(
        Member.objects.filter(user=user, erased_at__isnull=True).select_related(
            "branch"
        )
    )


def member_for_branch(*, user, branch_id: int) -> Member | None:
    return next(
        (m for m in learner_members(user=user) if m.branch_id == branch_id), None
    )


def member_groups(*, member: Member) -> list:
    """The groups whose records a member reads: the groups they are listed in."""
    return list(member.reading_groups.all())


def open_polls(*, branch_ids, now=None):
    now = now or timezone.now()
    return (
        Poll.objects.filter(
            branch_id__in=branch_ids, closed_at__isnull=True, closes_at__gt=now
        )
        .select_related("group", "branch")
        .order_by("closes_at")
    )


def my_ballot_ids(*, member: Member, poll: Poll) -> set[int]:
    return set(
        BallotChoice.objects.filter(poll=poll, ballot__member=member).values_list(
            "proposal_id", flat=True
        )
    )


def group_records(*, group_ids, limit: int = 5) -> list[SessionRecord]:
    return list(
        SessionRecord.objects.filter(session__group_id__in=group_ids)
        .select_related(
            "session", "session__group", "approved_by", "approved_at_session"
        )
        .prefetch_related("actions")
        .order_by("-session__date")[:limit]
    )


def open_actions(*, group_id: int | None, branch_id: int, before=None) -> list[Action]:
    """The actions not yet done of the group's records (of sessions before
    ``before``, a session, when given)."""
    actions = Action.objects.filter(
        done_at__isnull=True,
        record__branch_id=branch_id,
        record__session__group_id=group_id,
    )
    if before is not None:
        actions = actions.filter(record__session__date__lt=before.date)
    return list(actions.select_related("record__session").order_by("by_when", "pk"))


def last_record(*, session: Session) -> SessionRecord | None:
    """The record of the group's previous session: what the next pack opens with."""
    return (
        SessionRecord.objects.filter(
            branch_id=session.branch_id,
            session__group_id=session.group_id,
            session__date__lt=session.date,
        )
        .select_related("session")
        .order_by("-session__date", "-session__start_time")
        .first()
    )


def polls_for_pack(*, session: Session) -> list[Poll]:
    """The group's polls still open when the session starts: its facilitator
    pack prints their numbered ballot slips."""
    if not session.group_id:
        return []
    return list(
        Poll.objects.filter(
            group_id=session.group_id,
            closed_at__isnull=True,
            closes_at__gt=session.starts_at,
            created_at__lte=session.ends_at,
        ).prefetch_related("proposals__text", "proposals__section", "proposals__module")
    )


SPARE_SLIPS = 5


def pack_assembly(*, session: Session, facilitator: bool) -> dict:
    """What a session's facilitator pack prints from the assembly
    (``packs.documents``): "Last time we agreed…" with the open actions, and a
    numbered ballot slip per person expected (and a few spare) for each poll
    open at the session. Its slip numbers are issued here, once per poll and
    session (``services.slips``): a reprint keeps them. Only the facilitator's edition: records name people,
    and the learner's edition is public. Plain values only."""
    empty = {"last_time": None, "open_actions": [], "ballot_slips": []}
    if not facilitator or not session.group_id:
        return empty
    record = last_record(session=session)
    actions = open_actions(
        group_id=session.group_id, branch_id=session.branch_id, before=session
    )
    expected = session.group.members.count()
    slips = [
        {
            "question": poll.question,
            "closes": poll.closes_at,
            "proposals": [p.title for p in poll.proposals.all()],
            "numbers": slips_issue(
                poll=poll, session=session, count=max(expected, 5) + SPARE_SLIPS
            ),
        }
        for poll in polls_for_pack(session=session)
    ]
    return {
        "last_time": {
            "date": record.session.date,
            "agreed": record.agreed,
            "asks": record.asks,
            "approved": record.approved_at is not None,
        }
        if record and (record.agreed or record.asks)
        else None,
        "open_actions": [
            {"who": a.who, "what": a.what, "by_when": a.by_when} for a in actions
        ],
        "ballot_slips": slips,
    }


def pack_fingerprint(*, session: Session) -> str:
    """Changes when anything ``pack_assembly`` prints changes."""
    extras = pack_assembly(session=session, facilitator=True)
    return repr(extras)


def secretary_group_ids(*, user) -> set[int]:
    """The groups whose records ``user`` writes as secretary: through their
    own (not erased) member record in the group's branch."""
    if not user.is_authenticated:
        return set()
    return set(
        GroupSecretary.objects.filter(
            member__user=user,
            member__erased_at__isnull=True,
            member__branch_id=F("group__branch_id"),
        ).values_list("group_id", flat=True)
    )
