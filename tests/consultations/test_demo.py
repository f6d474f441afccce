"""The demo: a question to the party answered by three branches, and feedback
on a past session of Riverside, from members who came."""

from io import StringIO

import pytest
from django.core.management import call_command

from branches.models import Attendance
from consultations.models import Feedback, GroupAnswer
from consultations.questions import module_questions
from courses.models import ModulePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_background_work(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


def _state():
    return (
        sorted(GroupAnswer.objects.values_list("branch__slug", "statement")),
        sorted(Feedback.objects.values_list("member_id", "useful", "clear", "change")),
        len(module_questions(ModulePage.objects.get(slug="how-policy-is-made"))),
    )


def test_the_demo_has_a_question_answered_by_three_branches_and_feedback(home):
    call_command("load_demo", force=True, stdout=StringIO())
    module = ModulePage.objects.get(slug="how-policy-is-made")
    [question] = module_questions(module)
    assert question.question.startswith("Where should a branch put its effort")
    assert len(question.options) == 4
    # The published page shows the block too.
    assert module.live and "question_to_the_party" in [
        b.block_type for b in module.body
    ]
    answers = GroupAnswer.objects.filter(module=module, question_id=question.id)
    assert sorted(answers.values_list("branch__slug", flat=True)) == [
        "mill-end",
        "northbank",
        "riverside",
    ]
    assert all(a.statement and sum(a.counts.values()) for a in answers)
    feedback = list(Feedback.objects.select_related("session", "member"))
    assert len(feedback) == 5
    session = feedback[0].session
    assert session.branch.slug == "riverside" and session.module == module
    for item in feedback:
        assert Attendance.objects.filter(
            session=session, member=item.member, status__in=["present", "late"]
        ).exists()
    before = _state()
    call_command("load_demo", force=True, stdout=StringIO())
    assert _state() == before
