"""Two organisers key in slips at the same moment (PostgreSQL only: SQLite
serialises every write, so there is no race to lose)."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from consultations.models import Feedback, GroupAnswer
from consultations.questions import module_questions
from consultations.services import ConsultationError, answer_record, feedback_give
from tests.factories.branches import AttendanceFactory, MemberFactory, organiser_of

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): two real connections racing",
    ),
]


def _race(calls):
    barrier = threading.Barrier(len(calls))
    refused, errors = [], []

    def run(call):
        try:
            barrier.wait()
            call()
        except ConsultationError as error:
            refused.append(error.message)
        except Exception as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return refused


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
    refused = _race(
        [slip(m, first) for m in members[:3]] + [slip(m, second) for m in members[3:]]
    )
    assert refused == [] and Feedback.objects.count() == 6
    extra = MemberFactory(branch=session_a.branch)
    AttendanceFactory(session=session_a, member=extra)
    refused = _race([slip(extra, first), slip(extra, second)])
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

    refused = _race([record(3), record(5)])
    assert len(refused) == 1 and "Someone else saved" in refused[0]
    assert GroupAnswer.objects.count() == 1
