"""A member's proposals and ballots: in their subject access export; erasing
them keeps the counts and removes the person. And the pack: "Last time we
agreed…" and ballot slips are in the facilitator's edition only."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from assembly.models import Action, Ballot, Proposal, SessionRecord
from assembly.selectors import poll_results
from assembly.services import ballot_cast, ballot_key_paper
from branches.services import member_erase
from packs.documents import pack_context, pack_source
from packs.options import PackOptions
from tests.factories.branches import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_subject_access_export_holds_proposals_and_ballots(
    client, organiser_a, voter, poll_a
):
    mine = poll_a.proposals.first()
    mine.member, mine.why = voter, "MY-OWN-REASON"
    mine.save()
    ballot_cast(poll_id=poll_a.pk, member=voter, proposal_ids=[mine.pk])
    client.force_login(organiser_a)
    response = client.get(reverse("branches_organise:member_export", args=[voter.pk]))
    data = json.loads(response.content)
    assert data["proposals"][0]["why"] == "MY-OWN-REASON"
    assert data["ballots"][0]["approved"] == [mine.title]
    assert data["ballots"][0]["method"] == "Online"


def test_erasing_a_member_keeps_the_counts_and_removes_the_person(
    organiser_a, voter, poll_a
):
    first = poll_a.proposals.first()
    first.member = voter
    first.save()
    ballot_cast(poll_id=poll_a.pk, member=voter, proposal_ids=[first.pk])
    ballot_key_paper(
        poll_id=poll_a.pk, slip_number=1, proposal_ids=[first.pk], user=None
    )
    before = poll_results(poll=poll_a)
    member_erase(member=voter, user=organiser_a)
    after = poll_results(poll=poll_a)
    assert [(c.proposal.pk, c.count) for c in after.counts] == [
        (c.proposal.pk, c.count) for c in before.counts
    ]
    assert (after.online, after.paper) == (1, 1)
    assert not Ballot.objects.filter(member=voter).exists()
    assert not Proposal.objects.filter(member=voter).exists()
    assert Proposal.objects.filter(pk=first.pk).exists()


def _pack(session, edition):
    return pack_context(
        source=pack_source(session), options=PackOptions(edition=edition)
    )


def test_the_next_pack_opens_with_last_time_and_prints_slips(
    past_session, group_a, branch_a, poll_a, voter
):
    record = SessionRecord.objects.create(
        session=past_session, branch=branch_a, discussed="x", agreed="WE-AGREED-THIS"
    )
    Action.objects.create(record=record, who="Bessie", what="BOOK-THE-HALL")
    Action.objects.create(
        record=record, who="Clem", what="DONE-ALREADY", done_at=timezone.now()
    )
    # Tomorrow's: a poll made now is open when it meets, at any time of day.
    today = SessionFactory(
        branch=branch_a,
        group=group_a,
        date=timezone.localdate() + datetime.timedelta(days=1),
    )
    context = _pack(today, "facilitator")["assembly"]
    assert context["last_time"]["agreed"] == "WE-AGREED-THIS"
    assert [a["what"] for a in context["open_actions"]] == ["BOOK-THE-HALL"]
    [slips] = context["ballot_slips"]
    assert len(slips["proposals"]) == 4 and list(slips["numbers"])[:2] == [1, 2]
    learner = _pack(today, "learner")["assembly"]
    assert learner["last_time"] is None and learner["open_actions"] == []
    assert learner["ballot_slips"] == []


def test_the_pack_html_carries_the_slip_and_last_time(
    past_session, group_a, branch_a, poll_a
):
    from django.template.loader import render_to_string

    SessionRecord.objects.create(
        session=past_session, branch=branch_a, discussed="x", agreed="WE-AGREED-THIS"
    )
    today = SessionFactory(
        branch=branch_a,
        group=group_a,
        date=timezone.localdate() + datetime.timedelta(days=1),
    )
    html = render_to_string("packs/pack.html", _pack(today, "facilitator"))
    assert "Last time we agreed" in html and "WE-AGREED-THIS" in html
    assert "Slip No. 1" in html and poll_a.proposals.first().title in html


def test_erasing_a_member_scrubs_their_name_from_records_keeping_them(
    organiser_a, voter, past_session
):
    """The voter is "Ada Lovelace": her name and its usual short forms go from
    the records' words and the actions; another member's name, the records
    and the actions (the counts) stay."""
    voter.preferred_name = "Ada"
    voter.save()
    record = SessionRecord.objects.create(
        session=past_session,
        branch=past_session.branch,
        discussed="Ada Lovelace opened on the reading; Grace Hopper replied.",
        agreed="ADA LOVELACE's motion, as amended by Ada L., goes to the branch.",
        asks="Ask Lovelace to write it up. We will vote on it.",
    )
    Action.objects.create(record=record, who="Ada", what="Book the hall")
    Action.objects.create(record=record, who="Grace", what="Send Ada's draft round")
    member_erase(member=voter, user=organiser_a)
    record.refresh_from_db()
    words = " ".join(
        [record.discussed, record.agreed, record.asks]
        + [f"{a.who} {a.what}" for a in record.actions.all()]
    )
    for name in ("Ada", "ADA", "Lovelace", "LOVELACE"):
        assert name not in words
    assert record.discussed == (
        "[a former member] opened on the reading; Grace Hopper replied."
    )
    assert record.agreed.startswith("[a former member]'s motion, as amended by")
    assert "We will vote on it." in record.asks
    assert sorted(record.actions.values_list("who", "what")) == [
        ("Grace", "Send [a former member]'s draft round"),
        ("[a former member]", "Book the hall"),
    ]
