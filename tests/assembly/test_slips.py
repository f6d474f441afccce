"""Ballot slip numbers: a reprint keeps the numbers its session's pack was
issued; another pack for the same poll continues them; a number keyed twice
is still refused."""

import datetime

import pytest
from django.utils import timezone

from assembly.selectors import SPARE_SLIPS
from assembly.services import AssemblyError, ballot_key_paper
from packs.documents import pack_context, pack_source
from packs.options import PackOptions
from tests.factories.branches import MemberFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _tomorrow() -> datetime.date:
    """An upcoming session's date: a poll made now is open when it meets,
    whatever the time of day the tests run (today's 7 pm session has ended
    by 9 pm, before the poll was made)."""
    return timezone.localdate() + datetime.timedelta(days=1)


def _numbers(session) -> list[int]:
    context = pack_context(
        source=pack_source(session), options=PackOptions(edition="facilitator")
    )
    [slips] = context["assembly"]["ballot_slips"]
    return list(slips["numbers"])


def test_a_reprint_keeps_its_numbers_and_another_pack_continues_them(
    branch_a, group_a, poll_a
):
    today = SessionFactory(branch=branch_a, group=group_a, date=_tomorrow())
    first_print = _numbers(today)
    assert first_print == list(range(1, 5 + SPARE_SLIPS + 1))
    assert _numbers(today) == first_print  # printed again: the same slips
    # Six members join: the reprint needs more slips, and goes on from 11.
    group_a.members.add(*[MemberFactory(branch=branch_a) for _ in range(6)])
    reprint = _numbers(today)
    assert reprint[: len(first_print)] == first_print
    assert reprint[len(first_print) :] == [11]
    # The next session's pack, while the poll is still open: new numbers only.
    later = SessionFactory(
        branch=branch_a,
        group=group_a,
        date=_tomorrow(),
        start_time=datetime.time(21, 0),
    )
    other = _numbers(later)
    assert other[0] == 12 and not set(other) & set(reprint)


def test_a_slip_from_either_print_keyed_twice_is_refused(branch_a, group_a, poll_a):
    today = SessionFactory(branch=branch_a, group=group_a, date=_tomorrow())
    number = _numbers(today)[0]
    _numbers(today)  # the reprint: the same number on the same slip
    pk = poll_a.proposals.first().pk
    ballot_key_paper(
        poll_id=poll_a.pk, slip_number=number, proposal_ids=[pk], user=None
    )
    with pytest.raises(AssemblyError, match=f"Slip {number} has already been keyed"):
        ballot_key_paper(
            poll_id=poll_a.pk, slip_number=number, proposal_ids=[pk], user=None
        )
