"""On a phone: a member gives feedback from My learning; an organiser records
the group's answer to a question to the party. axe-core checks both pages."""

import datetime

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from consultations.models import Feedback, GroupAnswer
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import axe_run, log_in, second_factor_give
from tests.factories.branches import (
    AttendanceFactory,
    BranchFactory,
    MemberFactory,
    SessionFactory,
    organiser_of,
)
from tests.factories.consultations import QUESTION_ID, body_with_question
from tests.factories.courses import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = {"serious", "critical"}
PASSWORD = "a-long-test-password"  # noqa: S105 (test account)


def _blocking_violations(page) -> list[str]:
    results = axe_run(page)
    assert results.response["passes"], "axe checked nothing"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {' '.join(map(str, n['target']))}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
        for n in v["nodes"]
    ]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def held_session(db):
    from wagtail.models import Site

    from core.models import HomePage

    Site.objects.update(hostname="localhost", port=80)
    course = CoursePageFactory(
        parent=CourseIndexPageFactory(parent=HomePage.objects.get()),
        title="How our party works",
    )
    module = ModulePageFactory(
        parent=course, title="How policy is made", body=body_with_question()
    )
    branch = BranchFactory(name="Riverside test branch", slug="riverside-test")
    return SessionFactory(
        branch=branch,
        group__name="Tuesday reading group",
        module=module,
        date=datetime.date.today() - datetime.timedelta(days=2),
    )


def test_a_member_gives_feedback_from_my_learning_on_a_phone(phone, held_session):
    page = phone
    learner = UserFactory(email="maggie@example.org", first_name="Maggie")
    learner.set_password(PASSWORD)
    learner.save()
    member = MemberFactory(
        branch=held_session.branch, name="Margaret Okonkwo", user=learner
    )
    AttendanceFactory(session=held_session, member=member)

    page.goto("/")
    log_in(page, email="maggie@example.org", password=PASSWORD)
    page.goto(reverse("courses:my_learning"))
    page.get_by_role("link", name="Give feedback on Tuesday reading group").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("How was")
    problems = _blocking_violations(page)
    useful = page.get_by_role("group", name="Was it useful?")
    useful.get_by_label("4", exact=True).check()
    page.get_by_role("group", name="Was it clear?").get_by_label(
        "5", exact=True
    ).check()
    page.get_by_label("One thing to change").fill(
        "Ten more minutes on the policy forum."
    )
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.get_by_text("Thank you: your feedback is saved.")).to_be_visible()
    feedback = Feedback.objects.get()
    assert (feedback.member_id, feedback.useful, feedback.clear) == (member.pk, 4, 5)
    assert feedback.change == "Ten more minutes on the policy forum."
    problems += _blocking_violations(page)
    assert not problems, "axe found:\n" + "\n".join(problems)


def test_an_organiser_records_the_groups_answer_on_a_phone(phone, held_session):
    page = phone
    organiser = organiser_of(held_session.branch, email="olive@example.org")
    organiser.set_password(PASSWORD)
    organiser.save()
    url = reverse("consultations_organise:session_answers", args=[held_session.pk])

    page.goto(url)  # the admin asks for a login first
    page.locator("#id_username").fill("olive@example.org")
    page.locator("#id_password").fill(PASSWORD)
    device = TOTPDevice.objects.create(user=organiser, name="app")
    page.get_by_role("button", name="Sign in").click()
    second_factor_give(page, device=device)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Questions to the party"
    )
    problems = _blocking_violations(page)

    page.get_by_label("Hands for “Yes”").fill("7")
    page.get_by_label("Hands for “No”").fill("2")
    page.get_by_label("People in the room").fill("10")
    page.get_by_label("What should the party do?").fill(
        "Members, not head office, should choose our candidates."
    )
    page.get_by_role("button", name="Save the group's answer").click()
    expect(page.get_by_text("The group's answer is saved.")).to_be_visible()
    answer = GroupAnswer.objects.get()
    assert answer.question_id == QUESTION_ID
    assert answer.counts == {"Yes": 7, "No": 2, "Not sure": 0}
    assert answer.statement.startswith("Members, not head office")
    problems += _blocking_violations(page)
    assert not problems, "axe found:\n" + "\n".join(problems)
