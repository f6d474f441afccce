"""Two organisers key in slips at the same moment (PostgreSQL only: SQLite
serialises every write, so there is no race to lose)."""

import pytest

from consultations.models import Feedback, GroupAnswer
from consultations.questions import module_questions
from consultations.services import ConsultationError, answer_record, feedback_give
from tests.concurrency import POSTGRES_ONLY, race
from tests.factories.branches import AttendanceFactory, MemberFactory, organiser_of

pytestmark = POSTGRES_ONLY


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_slips_keyed_at_once_lose_nothing_and_one_slip_counts_once(session_a):
    members = MemberFactory.create_batch(6, branch=session_a.branch)
    for member in members:
        AttendanceFactory(session=session_a, member=member)
    first, second = organiser_of(session_a.branch), organiser_of(session_a.branch)

    def slip(member, user):
        return lambda: feedback_give(
            session=session_a,
            member=member,
            useful=4,
            clear=4,
            change="",
            source="paper",
            recorded_by=user,
        )

    # Different slips at once: all saved. The same slip twice at once: once.
    refused = race(
        [slip(m, first) for m in members[:3]] + [slip(m, second) for m in members[3:]],
        refused_by=ConsultationError,
    ).refused
    assert refused == [] and Feedback.objects.count() == 6
    extra = MemberFactory(branch=session_a.branch)
    AttendanceFactory(session=session_a, member=extra)
    refused = race(
        [slip(extra, first), slip(extra, second)], refused_by=ConsultationError
    ).refused
    assert refused == ["Feedback from this member on this session is already recorded."]
    assert Feedback.objects.filter(member=extra).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_first_answers_at_once_keep_one_and_tell_the_other(session_a):
    [question] = module_questions(session_a.module)

    def record(hands):
        return lambda: answer_record(
            session=session_a,
            question=question,
            counts={"Yes": hands},
            in_room=None,
            statement="",
            user=None,
            seen=None,
        )

    refused = race([record(3), record(5)], refused_by=ConsultationError).refused
    assert len(refused) == 1 and "Someone else saved" in refused[0]
    assert GroupAnswer.objects.count() == 1
