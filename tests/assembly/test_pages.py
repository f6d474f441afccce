"""The member and organiser pages: what they show, and bad input refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assembly.models import Ballot, Proposal, SessionRecord
from assembly.services import ballot_cast, ballot_key_paper
from tests.factories.branches import MemberFactory, SessionFactory

pytestmark = pytest.mark.django_db

# The session, the user and their permissions and branches, the poll, its
# proposals with their ticks, the ballots by method: none grows with the ballots.
POLL_PAGE_QUERIES = 11


def test_a_member_proposes_a_topic_and_script_stays_text(
    client, learner, voter, group_a
):
    client.force_login(learner)
    url = reverse("assembly:propose", args=[group_a.pk])
    response = client.post(
        url,
        {
            "kind": "topic",
            "topic": "<script>alert(1)</script> rents",
            "why": "<b>Now</b>",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("assembly:group", args=[group_a.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; rents" in html
    assert "<script>alert(1)" not in html and "<b>Now</b>" not in html


def test_a_proposal_of_ten_thousand_characters_is_refused(
    client, learner, voter, group_a
):
    client.force_login(learner)
    response = client.post(
        reverse("assembly:propose", args=[group_a.pk]),
        {"kind": "topic", "topic": "x" * 10_000, "why": "Because."},
    )
    assert response.status_code == 400
    assert (
        "Please keep the topic to 300 characters (it has 10000)"
        in response.content.decode()
    )
    assert not Proposal.objects.exists()


def test_someone_not_in_the_branch_gets_no_group_page(client, other_learner, group_a):
    client.force_login(other_learner)
    assert client.get(reverse("assembly:group", args=[group_a.pk])).status_code == 404
    assert client.get(reverse("assembly:propose", args=[group_a.pk])).status_code == 404


def test_a_member_votes_online_and_sees_their_ticks(client, learner, voter, poll_a):
    client.force_login(learner)
    url = reverse("assembly:poll", args=[poll_a.pk])
    first = poll_a.proposals.order_by("pk").first()
    response = client.post(url, {"proposal": [first.pk]})
    assert response.status_code == 302
    page = client.get(url)
    html = page.content.decode()
    assert f'value="{first.pk}" id="proposal-{first.pk}" checked' in html
    assert "Change my vote" in html
    assert "private" in page["Cache-Control"]


def test_a_forged_vote_for_another_polls_proposal_is_a_clear_400(
    client, learner, voter, poll_a, group_a
):
    from tests.factories.assembly import PollFactory

    other = PollFactory(group=group_a, proposals=2).proposals.first()
    client.force_login(learner)
    response = client.post(
        reverse("assembly:poll", args=[poll_a.pk]), {"proposal": [other.pk, "1 OR 1=1"]}
    )
    assert response.status_code == 400
    assert (
        "nothing was saved" in response.content.decode()
        or "not a proposal" in response.content.decode()
    )
    assert not Ballot.objects.exists()


def test_the_organisers_result_shows_counts_never_voters(
    client, organiser_a, voter, poll_a
):
    ballot_cast(
        poll_id=poll_a.pk, member=voter, proposal_ids=[poll_a.proposals.first().pk]
    )
    client.force_login(organiser_a)
    html = client.get(
        reverse("assembly_organise:poll", args=[poll_a.pk])
    ).content.decode()
    assert "1 ballot: 1 online, 0 on paper" in html
    assert voter.name not in html


def test_an_organiser_keys_slips_and_a_repeat_number_is_refused(
    client, organiser_a, poll_a
):
    client.force_login(organiser_a)
    url = reverse("assembly_organise:key_slip", args=[poll_a.pk])
    pk = poll_a.proposals.first().pk
    assert client.post(url, {"slip_number": "12", "proposal": [pk]}).status_code == 302
    response = client.post(url, {"slip_number": "12", "proposal": [pk]})
    assert response.status_code == 400
    assert "Slip 12 has already been keyed in" in response.content.decode()
    assert Ballot.objects.filter(poll=poll_a, method="paper").count() == 1


def test_an_organiser_of_another_branch_gets_a_404(client, organiser_b, poll_a):
    client.force_login(organiser_b)
    for name in ("poll", "key_slip", "poll_close"):
        assert (
            client.get(
                reverse(f"assembly_organise:{name}", args=[poll_a.pk])
            ).status_code
            == 404
        )


def test_close_the_poll_into_the_next_session(client, organiser_a, poll_a):
    client.force_login(organiser_a)
    winner = poll_a.proposals.last()
    date = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        reverse("assembly_organise:poll_close", args=[poll_a.pk]),
        {"winner": winner.pk, "date": date.isoformat(), "start_time": "18:30"},
    )
    assert response.status_code == 302
    poll_a.refresh_from_db()
    assert poll_a.session.date == date and poll_a.session.title == winner.topic


def test_a_record_is_written_then_approved_at_the_next_session(
    client, organiser_a, past_session, group_a
):
    client.force_login(organiser_a)
    url = reverse("assembly_organise:record", args=[past_session.pk])
    response = client.post(
        url,
        {
            "discussed": "Rents <em>and</em> repairs",
            "agreed": "Write to the council",
            "asks": "",
            "seen": "",
            "action-who-0": "Bessie",
            "action-what-0": "Draft the letter",
            "action-by-0": "2031-01-31",
        },
    )
    assert response.status_code == 302
    record = SessionRecord.objects.get(session=past_session)
    assert record.is_draft and record.actions.get().who == "Bessie"
    approve = reverse("assembly_organise:record_approve", args=[record.pk])
    client.post(approve)
    record.refresh_from_db()
    assert record.is_draft  # no later session has met yet
    later = SessionFactory(
        branch=group_a.branch, group=group_a, date=timezone.localdate()
    )
    client.post(approve)
    record.refresh_from_db()
    assert record.approved_by == organiser_a and record.approved_at_session == later
    html = client.get(url).content.decode()
    assert "Rents &lt;em&gt;and&lt;/em&gt; repairs" in html


def test_a_stale_record_form_does_not_overwrite(client, organiser_a, past_session):
    client.force_login(organiser_a)
    url = reverse("assembly_organise:record", args=[past_session.pk])
    data = {"discussed": "First version", "agreed": "", "asks": "", "seen": ""}
    client.post(url, data)
    response = client.post(url, {**data, "discussed": "Stale overwrite"})
    assert response.status_code == 409
    assert SessionRecord.objects.get().discussed == "First version"


def test_members_of_the_group_read_the_record_on_my_learning(
    client, learner, voter, past_session, organiser_a, other_learner, branch_a
):
    SessionRecord.objects.create(
        session=past_session,
        branch=branch_a,
        discussed="The bus routes",
        agreed="A motion",
    )
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "The bus routes" in html
    MemberFactory(branch=branch_a, user=other_learner)  # in the branch, not the group
    client.force_login(other_learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "The bus routes" not in html and "What we study and decide" in html


def test_the_result_page_reads_in_fixed_queries_whatever_the_ballots(
    client, organiser_a, poll_a, django_assert_num_queries
):
    """The organiser's result page is a light page: the same handful of
    queries for one ballot as for many, and no admin sidebar."""
    proposals = list(poll_a.proposals.values_list("pk", flat=True))
    client.force_login(organiser_a)
    url = reverse("assembly_organise:poll", args=[poll_a.pk])
    ballot_key_paper(
        poll_id=poll_a.pk, slip_number=1, proposal_ids=proposals[:1], user=None
    )
    client.get(url)  # the session and the user's permissions, once
    with django_assert_num_queries(POLL_PAGE_QUERIES):
        first = client.get(url)
    for number in range(2, 12):
        ballot_key_paper(
            poll_id=poll_a.pk, slip_number=number, proposal_ids=proposals, user=None
        )
    with django_assert_num_queries(POLL_PAGE_QUERIES):
        html = client.get(url).content.decode()
    assert "1 ballot: 0 online, 1 on paper" in first.content.decode()
    assert "11 ballots: 0 online, 11 on paper" in html
    assert "sidebar" not in html
