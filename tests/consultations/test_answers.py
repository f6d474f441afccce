"""Questions to the party: a branch records its group's answer; regional and
national pages add them up by branch; the committee publishes them."""

import csv
import io
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultations.models import GroupAnswer, QuestionPublication
from consultations.selectors import answers_changed
from tests.factories.branches import (
    AttendanceFactory,
    MemberFactory,
    RegionFactory,
    SessionFactory,
)
from tests.factories.consultations import QUESTION_ID, GroupAnswerFactory
from tests.factories.courses import UserFactory

pytestmark = pytest.mark.django_db


def _answers_url(session):
    return reverse("consultations_organise:session_answers", args=[session.pk])


def _national_url(module, query=""):
    return (
        reverse(
            "consultations_organise:question_answers", args=[module.pk, QUESTION_ID]
        )
        + query
    )


def _post(client, session, **fields):
    prefix = f"q-{QUESTION_ID}-"
    data = {"question": QUESTION_ID}
    data.update({prefix + k: v for k, v in fields.items()})
    return client.post(_answers_url(session), data)


@pytest.fixture
def national(db):
    user = UserFactory(email="nat@example.org", first_name="Natalia")
    user.groups.add(Group.objects.get(name="National education staff"))
    return user


@pytest.fixture
def committee(editor):
    return editor


def test_an_organiser_records_the_groups_answer(client, organiser_a, session_a, module):
    client.force_login(organiser_a)
    page = client.get(_answers_url(session_a)).content.decode()
    assert "Should branches choose their own candidates?" in page
    response = _post(
        client,
        session_a,
        **{
            "option-0": "7",
            "option-1": "2",
            "in_room": "10",
            "statement": "Members should choose.",
        },
    )
    assert response.status_code == 302
    answer = GroupAnswer.objects.get()
    assert answer.counts == {"Yes": 7, "No": 2, "Not sure": 0}
    assert (answer.branch, answer.module, answer.in_room) == (
        session_a.branch,
        module,
        10,
    )
    assert answer.statement == "Members should choose."


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"option-0": "-1"}, "greater than or equal to 0"),
        ({"option-0": "many"}, "Enter a whole number."),
        ({"statement": "x" * 10_000}, "at most 1000 characters"),
        ({"option-0": "12", "in_room": "5"}, "More hands for an option than people"),
        ({}, "Give the hands for at least one option, or a statement."),
    ],
)
def test_bad_answers_are_refused_with_a_message(
    client, organiser_a, session_a, fields, message
):
    client.force_login(organiser_a)
    response = _post(client, session_a, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GroupAnswer.objects.exists()


def test_an_answer_for_another_branchs_session_is_refused(
    client, organiser_a, session_b
):
    client.force_login(organiser_a)
    response = _post(client, session_b, **{"option-0": "3"})
    assert response.status_code == 404
    assert not GroupAnswer.objects.exists()


def test_a_stale_form_does_not_overwrite_a_newer_answer(client, organiser_a, session_a):
    client.force_login(organiser_a)
    _post(client, session_a, **{"option-0": "3"})
    first = GroupAnswer.objects.get()
    seen = first.updated_at.isoformat()
    _post(client, session_a, **{"option-0": "4", "seen": seen})  # someone else
    response = _post(client, session_a, **{"option-0": "9", "seen": seen})  # stale
    assert response.status_code == 400
    assert "Someone else saved this group's answer" in unescape(
        response.content.decode()
    )
    assert GroupAnswer.objects.get().counts["Yes"] == 4


def _three_branches(module):
    region = RegionFactory(name="North")
    rows = [
        ("Ashford", {"Yes": 5, "No": 1, "Not sure": 0}, "Members should choose."),
        ("Bexley", {"Yes": 1, "No": 6, "Not sure": 2}, '=HYPERLINK("http://x")'),
        ("Crayford", {"Yes": 2, "No": 0, "Not sure": 3}, "<b>Let us decide</b>"),
    ]
    sessions = []
    for name, counts, statement in rows:
        session = SessionFactory(
            branch__name=name, branch__region=region, module=module
        )
        member = MemberFactory(branch=session.branch, name=f"Secret {name} Person")
        AttendanceFactory(session=session, member=member)
        GroupAnswerFactory(session=session, counts=counts, statement=statement)
        sessions.append(session)
    return region, sessions


def test_the_national_page_adds_up_by_branch_and_names_nobody(
    client, national, module, organiser_a
):
    region, sessions = _three_branches(module)
    GroupAnswer.objects.filter(session=sessions[0]).update(recorded_by=organiser_a)
    client.force_login(national)
    response = client.get(_national_url(module))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>3</strong> branches answered" in html
    assert "<svg" in html  # the chart
    assert '<th scope="row">Yes</th><td>8</td>' in html
    assert '<th scope="row">No</th><td>7</td>' in html
    assert "Members should choose." in html and "Bexley" in html
    assert "&lt;b&gt;Let us decide&lt;/b&gt;" in html
    for person in [
        "Secret Ashford Person",
        "Secret Crayford Person",
        "olive@example.org",
        organiser_a.first_name,
    ]:
        assert person not in html


def test_the_csv_is_safe_for_spreadsheets(client, national, module):
    _three_branches(module)
    client.force_login(national)
    response = client.get(_national_url(module, "?export=csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Yes", "8", "1"] in rows
    assert ["Bexley", "North", '\'=HYPERLINK("http://x")'] in rows


def test_a_regional_officer_sees_their_region_only(
    client, module, organiser_a, branch_a
):
    from branches.models import RegionalOfficer

    region, _ = _three_branches(module)
    other = RegionFactory(name="South")
    officer = UserFactory(email="reo@example.org")
    officer.groups.add(Group.objects.get(name="Branch organisers"))
    RegionalOfficer.objects.create(user=officer, region=region)
    client.force_login(officer)
    assert client.get(_national_url(module, f"?region={region.pk}")).status_code == 200
    assert client.get(_national_url(module, f"?region={other.pk}")).status_code == 404
    assert client.get(_national_url(module)).status_code == 404


def test_the_public_sees_answers_only_once_published(client, committee, module):
    _three_branches(module)
    public = reverse("consultations:published_answers", args=[module.pk, QUESTION_ID])
    assert client.get(public).status_code == 404
    client.force_login(committee)
    assert client.get(_national_url(module)).status_code == 200
    publish = reverse(
        "consultations_organise:question_publish", args=[module.pk, QUESTION_ID]
    )
    assert client.post(publish, {"publish": "1"}).status_code == 302
    client.logout()
    html = client.get(public).content.decode()
    assert "What the branches answered" in html and "Members should choose." in html
    assert "Secret Ashford Person" not in html


def test_an_organiser_cannot_publish_or_see_the_national_page(
    client, organiser_a, module
):
    _three_branches(module)
    client.force_login(organiser_a)
    assert client.get(_national_url(module)).status_code == 404
    publish = reverse(
        "consultations_organise:question_publish", args=[module.pk, QUESTION_ID]
    )
    # Wagtail's admin answers a PermissionDenied with a redirect to its home.
    assert client.post(publish, {"publish": "1"}).status_code in (302, 403)
    assert not QuestionPublication.objects.exists()


def test_the_national_page_costs_the_same_queries_for_more_branches(
    client, national, module
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _three_branches(module)
    client.force_login(national)
    client.get(_national_url(module))  # warm: the session, the user's permissions

    def queries():
        # Out of date, as after an answer: the figures are counted again.
        answers_changed(module_id=module.pk, question_id=QUESTION_ID)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_national_url(module)).status_code == 200
        return len(captured)

    few = queries()
    for i in range(12):
        GroupAnswerFactory(
            session=SessionFactory(branch__name=f"More {i}", module=module),
            counts={"Yes": i, "No": 1},
        )
    assert queries() == few


def test_the_national_page_is_cached_until_an_answer_changes(
    client, national, module, django_capture_on_commit_callbacks
):
    """Read twice, counted once; an answer saved, changed or deleted (once
    its transaction commits) shows on the next read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    region, sessions = _three_branches(module)
    client.force_login(national)
    assert (
        "<strong>3</strong> branches answered"
        in client.get(_national_url(module)).content.decode()
    )
    with CaptureQueriesContext(connection) as captured:
        client.get(_national_url(module))
    assert not any("consultations_groupanswer" in q["sql"] for q in captured)
    with django_capture_on_commit_callbacks(execute=True):
        GroupAnswerFactory(
            session=SessionFactory(branch__name="Dartford", module=module),
            counts={"Yes": 10, "No": 0},
            statement="Dartford wants a say.",
        )
    html = client.get(_national_url(module)).content.decode()
    assert "<strong>4</strong> branches answered" in html
    assert '<th scope="row">Yes</th><td>18</td>' in html
    assert "Dartford wants a say." in html
    with django_capture_on_commit_callbacks(execute=True):
        GroupAnswer.objects.get(session=sessions[0]).delete()
    html = client.get(_national_url(module)).content.decode()
    assert "<strong>3</strong> branches answered" in html
    assert "Members should choose." not in html
