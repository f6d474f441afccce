"""Ballot slip numbers for the facilitator's pack: issued once per poll and
session, kept by every reprint, continued (never restarted) when more are
needed, so no two slips of a poll ever carry the same number."""

from django.db import transaction
from django.db.models import Max

from branches.models import Session

from ..models import Poll, SlipRange
from .votes import MAX_SLIP_NUMBER


def slips_issue(*, poll: Poll, session: Session, count: int) -> list[int]:
    """The slip numbers the session's pack prints for the poll: those already
    issued to it, and, if it needs more than ``count``, a new range after the
    poll's highest number. The poll is locked while a range is added, so two
    packs printed at once never share a number."""
    issued = _numbers(SlipRange.objects.filter(poll=poll, session=session))
    if len(issued) >= count:
        return issued
    with transaction.atomic():
        Poll.objects.select_for_update().filter(pk=poll.pk).first()
        ranges = SlipRange.objects.filter(poll=poll)
        issued = _numbers(ranges.filter(session=session))
        need = count - len(issued)
        if need > 0:
            start = (ranges.aggregate(top=Max("last"))["top"] or 0) + 1
            last = min(start + need - 1, MAX_SLIP_NUMBER)
            if last >= start:
                SlipRange.objects.create(
                    poll=poll, session=session, first=start, last=last
                )
                issued += list(range(start, last + 1))
    return issued


def _numbers(ranges) -> list[int]:
    return [n for r in ranges.order_by("first") for n in range(r.first, r.last + 1)]
