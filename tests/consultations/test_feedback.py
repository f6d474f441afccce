"""Feedback: online from My learning, keyed in from a slip, bad input refused."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from consultations.models import Feedback
from consultations.services import ConsultationError, feedback_give
from tests.factories.branches import AttendanceFactory, MemberFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _url(session):
    return reverse("consultations:feedback", args=[session.pk])


def test_my_learning_offers_feedback_on_a_session_the_member_came_to(
    client, learner, came, session_a
):
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert _url(session_a) in html
    assert "Give feedback on" in html


def test_my_learning_offers_nothing_to_someone_who_was_absent(
    client, other_learner, absentee, session_a
):
    client.force_login(other_learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert _url(session_a) not in html


def test_a_member_who_came_gives_feedback_once(client, learner, came, session_a, ada):
    client.force_login(learner)
    response = client.post(
        _url(session_a), {"useful": "5", "clear": "3", "change": "More tea."}
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.member, feedback.useful, feedback.clear, feedback.change) == (
        ada,
        5,
        3,
        "More tea.",
    )
    assert feedback.source == "online"
    again = client.post(_url(session_a), {"useful": "1", "clear": "1"})
    assert again.status_code == 409
    assert "already given" in again.content.decode()
    assert Feedback.objects.get().useful == 5
    # And My learning no longer offers it.
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert _url(session_a) not in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"useful": "7", "clear": "3"}, "Choose a score from 1 to 5."),
        ({"useful": "0", "clear": "3"}, "Choose a score from 1 to 5."),
        ({"clear": "3"}, "Choose a score from 1 to 5."),
        (
            {"useful": "4", "clear": "4", "change": "x" * 10_000},
            "at most 500 characters",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    client, learner, came, session_a, data, message
):
    client.force_login(learner)
    response = client.post(_url(session_a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_html_in_feedback_is_shown_as_text(
    client, learner, came, session_a, organiser_a
):
    client.force_login(learner)
    client.post(
        _url(session_a),
        {
            "useful": "4",
            "clear": "4",
            "change": "<script>alert('x')</script><b>bold</b>",
        },
    )
    client.force_login(organiser_a)
    html = client.get(
        reverse("consultations_organise:session_feedback", args=[session_a.pk])
    ).content.decode()
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
        in html
    )
    assert "<script>alert" not in html


def test_someone_who_did_not_come_is_refused(
    client, other_learner, absentee, session_a
):
    client.force_login(other_learner)
    response = client.post(_url(session_a), {"useful": "4", "clear": "4"})
    assert response.status_code == 403
    assert "The register does not show you at this session" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_learner_with_no_member_in_the_branch_gets_a_404(client, learner, session_b):
    client.force_login(learner)
    assert client.get(_url(session_b)).status_code == 404


def test_the_database_allows_one_feedback_per_member_per_session(session_a, ada):
    Feedback.objects.create(session=session_a, member=ada, useful=3, clear=3)
    with pytest.raises(IntegrityError):
        Feedback.objects.create(session=session_a, member=ada, useful=4, clear=4)


def test_the_database_refuses_a_score_of_seven(session_a, ada):
    with pytest.raises(IntegrityError):
        Feedback.objects.create(session=session_a, member=ada, useful=7, clear=3)


def test_the_service_refuses_another_branchs_member(session_a, branch_b):
    stranger = MemberFactory(branch=branch_b)
    AttendanceFactory(session=SessionFactory(branch=branch_b), member=stranger)
    with pytest.raises(ConsultationError, match="not in the session's branch"):
        feedback_give(session=session_a, member=stranger, useful=3, clear=3, change="")
    assert not Feedback.objects.exists()


def test_an_organiser_keys_in_a_paper_slip(client, organiser_a, came, session_a, ada):
    client.force_login(organiser_a)
    url = reverse("consultations_organise:session_feedback", args=[session_a.pk])
    page = client.get(url).content.decode()
    assert "Key in a paper slip" in page and "Ada Lovelace" in page
    response = client.post(
        url,
        {"member": ada.pk, "useful": "2", "clear": "4", "change": "Louder, please."},
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.source, feedback.recorded_by, feedback.member) == (
        "paper",
        organiser_a,
        ada,
    )
    # The same slip keyed twice: the member is no longer offered, nothing saved.
    twice = client.post(url, {"member": ada.pk, "useful": "5", "clear": "5"})
    assert twice.status_code == 400
    assert (
        "Choose someone the register shows at this session." in twice.content.decode()
    )
    assert Feedback.objects.count() == 1
    # The organiser sees the response, and no name beside it.
    html = client.get(url).content.decode()
    assert "Louder, please." in html


def test_a_slip_for_someone_absent_is_refused(client, organiser_a, absentee, session_a):
    client.force_login(organiser_a)
    url = reverse("consultations_organise:session_feedback", args=[session_a.pk])
    response = client.post(url, {"member": absentee.pk, "useful": "3", "clear": "3"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_another_branchs_organiser_cannot_see_or_key_in(
    client, organiser_b, came, session_a, ada
):
    client.force_login(organiser_b)
    url = reverse("consultations_organise:session_feedback", args=[session_a.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"member": ada.pk, "useful": "3", "clear": "3"}).status_code
        == 404
    )
    assert not Feedback.objects.exists()
