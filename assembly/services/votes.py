"""Proposals, polls and ballots. Every write here is atomic and checks, in
the transaction, what a stale form or a forged POST could get wrong: the
poll is open, the proposals are this poll's, the member is of its branch."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from branches.models import Member, ReadingGroup, Session, SessionReading

from ..models import Ballot, BallotChoice, Poll, Proposal
from ..models.votes import PROPOSAL_MAX_CHARS, WHY_MAX_CHARS
from .errors import AssemblyError

MAX_SLIP_NUMBER = 9999


def proposal_create(
    *,
    member: Member,
    group: ReadingGroup,
    kind: str,
    why: str,
    text=None,
    section=None,
    module=None,
    topic: str = "",
) -> Proposal:
    """A member proposes something for one of their branch's reading groups."""
    topic, why = (topic or "").strip(), (why or "").strip()
    if group.branch_id != member.branch_id:
        raise AssemblyError(
            "You can only propose for your own branch's reading groups."
        )
    if not why:
        raise AssemblyError("Say in a sentence why the group should study it.")
    if len(why) > WHY_MAX_CHARS:
        raise AssemblyError(f"Please keep the reason to {WHY_MAX_CHARS} characters.")
    if len(topic) > PROPOSAL_MAX_CHARS:
        raise AssemblyError(
            f"Please keep the topic to {PROPOSAL_MAX_CHARS} characters."
        )
    needed = {
        Proposal.Kind.TEXT: text,
        Proposal.Kind.SECTION: section,
        Proposal.Kind.MODULE: module,
        Proposal.Kind.TOPIC: topic,
    }
    if kind not in needed:
        raise AssemblyError("Choose what kind of thing you propose.")
    if not needed[kind]:
        raise AssemblyError(f"{Proposal.Kind(kind).label}: please choose or write it.")
    if kind == Proposal.Kind.SECTION:
        text = section.page
    return Proposal.objects.create(
        branch_id=group.branch_id,
        group=group,
        member=member,
        kind=kind,
        text=text if kind in (Proposal.Kind.TEXT, Proposal.Kind.SECTION) else None,
        section=section if kind == Proposal.Kind.SECTION else None,
        module=module if kind == Proposal.Kind.MODULE else None,
        topic=topic if kind == Proposal.Kind.TOPIC else "",
        why=why,
    )


def poll_open(
    *,
    group: ReadingGroup,
    proposal_ids: Iterable[int],
    closes_at: datetime.datetime,
    user,
) -> Poll:
    """Open a poll over some of the group's proposals not yet in a poll."""
    ids = {int(pk) for pk in proposal_ids}
    if closes_at <= timezone.now():
        raise AssemblyError("The closing date must be in the future.")
    with transaction.atomic():
        proposals = list(
            Proposal.objects.select_for_update().filter(
                pk__in=ids, group=group, poll__isnull=True
            )
        )
        if len(proposals) != len(ids):
            raise AssemblyError(
                "Some of those proposals are not this group's, or are already in a poll."
            )
        if len(proposals) < 2:
            raise AssemblyError(
                "A poll needs at least two proposals to choose between."
            )
        poll = Poll.objects.create(
            branch_id=group.branch_id, group=group, closes_at=closes_at, opened_by=user
        )
        Proposal.objects.filter(pk__in=ids).update(poll=poll)
    return poll


def _locked_open_poll(poll_id: int) -> Poll:
    """The poll, locked until the transaction ends, so a close and a vote
    never interleave; refused once it is closed."""
    poll = Poll.objects.select_for_update().filter(pk=poll_id).first()
    if poll is None:
        raise AssemblyError("There is no such poll.")
    if not poll.is_open:
        raise AssemblyError("This poll has closed: no more votes can be counted.")
    return poll


def _checked_choices(poll: Poll, proposal_ids: Iterable) -> list[int]:
    try:
        ids = sorted({int(pk) for pk in proposal_ids})
    except (TypeError, ValueError):
        raise AssemblyError(
            "That ballot names something that is not a proposal."
        ) from None
    if ids:
        found = Proposal.objects.filter(pk__in=ids, poll_id=poll.pk).count()
        if found != len(ids):
            raise AssemblyError(
                "That ballot ticks a proposal that is not in this poll: nothing was saved."
            )
    return ids


def _tick(ballot: Ballot, ids: list[int]) -> None:
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, proposal_id=pk, poll_id=ballot.poll_id)
        for pk in ids
    )


def ballot_cast(*, poll_id: int, member: Member, proposal_ids: Iterable) -> Ballot:
    """A member's online ballot: made, or changed while the poll is open."""
    with transaction.atomic():
        poll = _locked_open_poll(poll_id)
        if member.branch_id != poll.branch_id or member.erased_at:
            raise AssemblyError("You can only vote in your own branch's polls.")
        ids = _checked_choices(poll, proposal_ids)
        if not ids:
            raise AssemblyError(
                "Tick at least one proposal you would be glad to study."
            )
        ballot, created = Ballot.objects.get_or_create(
            poll=poll, member=member, defaults={"method": Ballot.Method.ONLINE}
        )
        if not created:
            ballot.choices.all().delete()
            ballot.cast_at = timezone.now()
            ballot.save(update_fields=["cast_at"])
        _tick(ballot, ids)
    return ballot


def ballot_key_paper(
    *, poll_id: int, slip_number, proposal_ids: Iterable, user
) -> Ballot:
    """An organiser keys in one returned paper slip. Five queries whatever the
    poll's size: lock the poll, check the ticks, insert the ballot (in a
    savepoint, so a slip keyed twice is refused by the database) and its ticks.
    A blank slip is a ballot with no ticks: it was returned, and is counted."""
    try:
        number = int(str(slip_number).strip())
    except ValueError:
        raise AssemblyError("Type the number printed on the slip.") from None
    if not 1 <= number <= MAX_SLIP_NUMBER:
        raise AssemblyError(f"Slip numbers run from 1 to {MAX_SLIP_NUMBER}.")
    with transaction.atomic():
        poll = _locked_open_poll(poll_id)
        ids = _checked_choices(poll, proposal_ids)
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    poll=poll,
                    slip_number=number,
                    method=Ballot.Method.PAPER,
                    keyed_by=user,
                )
        except IntegrityError:
            raise AssemblyError(
                f"Slip {number} has already been keyed in: each slip counts once."
            ) from None
        _tick(ballot, ids)
    return ballot


def poll_close(
    *,
    poll_id: int,
    winner_id: int,
    date: datetime.date,
    start_time: datetime.time,
    user,
) -> Session:
    """Close the poll and make its winner the group's next session, with the
    reading attached: one transaction, so there is never a closed poll
    without its session, nor a session from a poll that took more votes."""
    with transaction.atomic():
        poll = Poll.objects.select_for_update().filter(pk=poll_id).first()
        if poll is None:
            raise AssemblyError("There is no such poll.")
        if poll.closed_at is not None:
            raise AssemblyError("This poll is already closed.")
        winner = (
            Proposal.objects.select_related("text", "section", "module")
            .filter(pk=winner_id, poll=poll)
            .first()
        )
        if winner is None:
            raise AssemblyError("Choose one of this poll's proposals.")
        if date < timezone.localdate():
            raise AssemblyError("The next session cannot be in the past.")
        session = _session_from(poll, winner, date, start_time)
        poll.closed_at = timezone.now()
        poll.winner = winner
        poll.session = session
        poll.save(update_fields=["closed_at", "winner", "session"])
    return session


def _session_from(poll, winner, date, start_time) -> Session:
    session = Session(
        branch_id=poll.branch_id,
        group_id=poll.group_id,
        title=winner.title[:200],
        date=date,
        start_time=start_time,
    )
    if winner.kind == Proposal.Kind.MODULE:
        session.module_id = winner.module_id
    elif winner.kind == Proposal.Kind.TOPIC:
        session.readings = f"Our own topic: {winner.topic}"
    session.save()
    if winner.kind in (Proposal.Kind.TEXT, Proposal.Kind.SECTION) and winner.text_id:
        SessionReading.objects.create(
            session=session, text_id=winner.text_id, section_id=winner.section_id
        )
    return session
