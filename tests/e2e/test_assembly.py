"""Issue 15 on a phone: a member proposes and votes; an organiser keys in three
paper ballots and turns the winner into a session; the group's secretary (a
member, on a phone) writes a record and a later session approves it. axe-core
checks each page on the way."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from assembly.models import Ballot, Proposal, SessionRecord
from assembly.services import secretary_appoint
from branches.models import Session
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import axe_run, log_in, second_factor_give
from tests.factories.assembly import PollFactory
from tests.factories.branches import (
    BranchFactory,
    MemberFactory,
    ReadingGroupFactory,
    SessionFactory,
    organiser_of,
)
from tests.factories.courses import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BLOCKING = {"serious", "critical"}
PASSWORD = "a-long-test-password"  # noqa: S105 (test account)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def group():
    branch = BranchFactory(name="Riverside test branch", slug="riverside-test")
    return ReadingGroupFactory(branch=branch, name="Tuesday readers")


def _axe(page, name) -> list[str]:
    results = axe_run(page)
    assert results.response["passes"], "axe checked nothing"
    return [
        f"{name}: {v['id']} ({v['impact']}): {v['help']} at {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def _organiser_logs_in(page, branch, url):
    organiser = organiser_of(branch, email="olive@example.org")
    organiser.set_password(PASSWORD)
    organiser.save()
    page.goto(url)
    page.locator("#id_username").fill("olive@example.org")
    page.locator("#id_password").fill(PASSWORD)
    device = TOTPDevice.objects.create(user=organiser, name="app")
    page.get_by_role("button", name="Sign in").click()
    second_factor_give(page, device=device)
    return organiser


def test_a_member_proposes_and_votes_on_a_phone(page, group):
    learner = UserFactory(email="maggie@example.org")
    learner.set_password(PASSWORD)
    learner.save()
    member = MemberFactory(branch=group.branch, name="Maggie Okonkwo", user=learner)
    group.members.add(member)
    poll = PollFactory(group=group, proposals=3)
    page.goto("/")
    log_in(page, email="maggie@example.org", password=PASSWORD)
    problems = []

    page.goto(reverse("courses:my_learning"))
    page.get_by_role(
        "link", name="Tuesday readers: proposals, votes and records"
    ).click()
    problems += _axe(page, "group page")
    page.get_by_role("link", name="Propose something").click()
    page.get_by_label("A topic in my own words").check()
    page.get_by_label("Or a topic, in your own words").fill(
        "Who owns <b>Wharf Road</b>?"
    )
    page.get_by_label("Why should the group study it?").fill("Every doorstep asks.")
    problems += _axe(page, "proposal form")
    page.get_by_role("button", name="Send my proposal").click()
    expect(page.get_by_text("Who owns <b>Wharf Road</b>?")).to_be_visible()
    assert Proposal.objects.filter(member=member, poll=None).count() == 1

    page.goto(reverse("assembly:poll", args=[poll.pk]))
    first, _second, third = poll.proposals.order_by("pk")
    page.get_by_label(first.title, exact=False).check()
    page.get_by_label(third.title, exact=False).check()
    problems += _axe(page, "ballot")
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("Your vote is counted.").first).to_be_visible()
    ballot = Ballot.objects.get(poll=poll, member=member)
    assert set(ballot.proposals.values_list("pk", flat=True)) == {first.pk, third.pk}
    assert not problems, "axe found:\n" + "\n".join(problems)


def test_an_organiser_keys_three_slips_and_makes_the_next_session(page, group):
    poll = PollFactory(group=group, proposals=3)
    first, second, third = poll.proposals.order_by("pk")
    _organiser_logs_in(
        page, group.branch, reverse("assembly_organise:poll", args=[poll.pk])
    )
    page.get_by_role("link", name="Key in paper slips").click()
    problems = _axe(page, "slip form")
    for number, ticks in [(1, [second]), (2, [second, third]), (3, [first, second])]:
        page.get_by_label("Number printed on the slip").fill(str(number))
        for proposal in ticks:
            page.get_by_label(proposal.title, exact=False).check()
        page.get_by_role("button", name="Count this slip").click()
        expect(page.get_by_text(f"Slip {number} is counted.")).to_be_visible()
    page.get_by_label("Number printed on the slip").fill("2")
    page.get_by_role("button", name="Count this slip").click()
    expect(page.get_by_text("Slip 2 has already been keyed in")).to_be_visible()
    assert Ballot.objects.filter(poll=poll, method="paper").count() == 3

    page.goto(reverse("assembly_organise:poll", args=[poll.pk]))
    expect(page.get_by_text("3 ballots: 0 online, 3 on paper")).to_be_visible()
    problems += _axe(page, "result")
    page.get_by_role("link", name="Close and make the next session").click()
    expect(page.get_by_label(f"{second.title} (3)")).to_be_checked()
    day = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Date").fill(day.isoformat())
    problems += _axe(page, "close form")
    page.get_by_role("button", name="Close the poll and add the session").click()
    expect(page.get_by_text("The poll is closed")).to_be_visible()
    session = Session.objects.get(group=group, date=day)
    assert session.title == second.title
    assert not problems, "axe found:\n" + "\n".join(problems)


def test_a_secretary_writes_a_record_and_the_next_session_approves_it(page, group):
    """The group's secretary, a member on a phone, not an organiser in the admin."""
    learner = UserFactory(email="bronwen@example.org")
    learner.set_password(PASSWORD)
    learner.save()
    member = MemberFactory(branch=group.branch, name="Bronwen Jones", user=learner)
    group.members.add(member)
    organiser = organiser_of(group.branch, email="olive@example.org")
    secretary_appoint(group=group, member_id=member.pk, user=organiser)
    past = SessionFactory(
        branch=group.branch,
        group=group,
        date=timezone.localdate() - datetime.timedelta(days=14),
    )
    page.goto("/")
    log_in(page, email="bronwen@example.org", password=PASSWORD)
    page.goto(reverse("courses:my_learning"))
    page.get_by_role(
        "link",
        name="Tuesday readers: write the session records (you are its secretary)",
    ).click()
    problems = _axe(page, "secretary's sessions")
    page.locator(".secretary-sessions").get_by_role(
        "link", name=f"{past.display_title}, {past.date:%-d %B %Y}"
    ).click()
    page.get_by_label("What we discussed").fill("How a motion reaches conference.")
    page.get_by_label("What we agreed").fill("To draft a motion on the bus stop.")
    page.get_by_label("Who (1)").fill("Bronwen")
    page.get_by_label("What", exact=True).first.fill("Bring last year's motion")
    problems += _axe(page, "record form")
    page.get_by_role("button", name="Save the draft record").click()
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    record = SessionRecord.objects.get(session=past)
    assert record.is_draft and record.actions.get().who == "Bronwen"
    assert record.written_by == learner
    # The group meets again today: that session approves the record.
    today = SessionFactory(branch=group.branch, group=group, date=timezone.localdate())
    page.reload()
    page.get_by_role("button", name="approves this record").click()
    expect(page.get_by_text("The record is approved.")).to_be_visible()
    record.refresh_from_db()
    assert record.approved_at_session == today and record.approved_by == learner
    problems += _axe(page, "approved record")
    assert not problems, "axe found:\n" + "\n".join(problems)
