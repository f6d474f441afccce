"""Subject access includes a member's feedback; erasure keeps the counts."""

import json

import pytest
from django.urls import reverse

from consultations.models import Feedback
from consultations.selectors import session_feedback
from tests.factories.consultations import FeedbackFactory

pytestmark = pytest.mark.django_db


def test_subject_access_export_includes_feedback(client, organiser_a, session_a, ada):
    FeedbackFactory(session=session_a, member=ada, useful=2, change="Shorter readings")
    client.force_login(organiser_a)
    response = client.get(reverse("branches_organise:member_export", args=[ada.pk]))
    data = json.loads(response.content)
    assert data["member"]["name"] == "Ada Lovelace"
    assert data["feedback"] == [
        {
            "session": str(session_a),
            "date": session_a.date.isoformat(),
            "useful": 2,
            "clear": 4,
            "one_thing_to_change": "Shorter readings",
            "given": "Online",
            "recorded_at": Feedback.objects.get().created_at.isoformat(),
        }
    ]


def test_erasing_a_member_keeps_the_scores_and_removes_the_person(
    client, organiser_a, session_a, ada
):
    FeedbackFactory(
        session=session_a, member=ada, useful=2, change="I'm Ada, the chair"
    )
    client.force_login(organiser_a)
    client.post(reverse("branches_organise:member_erase", args=[ada.pk]))
    feedback = Feedback.objects.get()
    assert feedback.member is None and feedback.change == ""
    summary = session_feedback(session=session_a)
    assert summary["count"] == 1 and summary["useful_average"] == 2
