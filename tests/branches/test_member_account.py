"""A member linked to a learner account, and what the learner then sees."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Attendance
from branches.selectors import ReportFilters, learner_branches, member_attendance
from tests.factories.branches import (
    AttendanceFactory,
    BranchFactory,
    MemberFactory,
    SessionFactory,
    SessionReadingFactory,
)
from tests.factories.courses import UserFactory

TODAY = datetime.date.today()


def _form_data(member, **changes) -> dict:
    """The member edit form as the organiser would send it back."""
    data = {
        "branch": member.branch_id,
        "name": member.name,
        "preferred_name": member.preferred_name,
        "email": member.email,
        "learner_account_email": "",
        "phone": member.phone,
        "joined_on": member.joined_on.isoformat(),
        "access_needs": member.access_needs,
        "consent_on": member.consent_on.isoformat() if member.consent_on else "",
        "consent_basis": member.consent_basis,
    }
    data.update(changes)
    return data


def _edit(client, member, **changes):
    return client.post(
        reverse("branches_member:edit", args=[member.pk]), _form_data(member, **changes)
    )


@pytest.fixture
def ada(members_a):
    return members_a[0]


# Linking in the admin ---------------------------------------------------------


def test_organiser_links_a_member_by_email(client, organiser_a, ada, learner):
    client.force_login(organiser_a)
    response = _edit(client, ada, learner_account_email="  ADA@Example.org ")
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.user == learner


def test_edit_form_shows_the_linked_account(client, organiser_a, ada, learner):
    ada.user = learner
    ada.save()
    client.force_login(organiser_a)
    html = client.get(reverse("branches_member:edit", args=[ada.pk])).content.decode()
    assert "Learner account e-mail" in html
    assert 'value="ada@example.org"' in html


def test_the_form_lists_no_accounts(client, organiser_a, branch_a, learner, other_learner):
    client.force_login(organiser_a)
    html = client.get(reverse("branches_member:add")).content.decode()
    assert "Learner account e-mail" in html
    assert learner.email not in html and other_learner.email not in html


def _saved_edit_page(client, member, email):
    """What the organiser sees after saving ``email``: the redirect, then the
    listing with its message, then the edit form again."""
    import re

    response = _edit(client, member, learner_account_email=email)
    listing = client.get(response["Location"]).content.decode()
    form = client.get(reverse("branches_member:edit", args=[member.pk])).content.decode()

    def same(html):  # CSRF tokens, the member's own id and the address typed
        html = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF-TOKEN", html)
        return html.replace(f"/{member.pk}/", "/N/").replace(email, "EMAIL")

    (message,) = re.findall(r'<div class="messages".*?</div>', listing, re.DOTALL)
    return response.status_code, same(message), same(form)


def test_the_answer_is_the_same_whether_or_not_an_account_exists(
    client, organiser_a, members_a, learner
):
    """Saving an address must not tell the organiser who has signed up."""
    ada, bessie = members_a[:2]
    for member in (ada, bessie):  # the same details, so the pages can be compared
        member.name, member.email = "Same Name", "same@example.net"
        member.save()
    client.force_login(organiser_a)
    known = _saved_edit_page(client, ada, learner.email)
    unknown = _saved_edit_page(client, bessie, "nobody@example.org")
    assert known[0] == unknown[0] == 302
    assert "updated" in known[1]
    assert known == unknown  # the message, then the form shown again
    ada.refresh_from_db()
    bessie.refresh_from_db()
    assert ada.user == learner and bessie.user is None  # the feature still works
    assert bessie.account_email == "nobody@example.org"


def test_an_account_that_signs_up_later_is_linked_then(client, organiser_a, ada, home):
    client.force_login(organiser_a)
    assert _edit(client, ada, learner_account_email="later@example.org").status_code == 302
    client.logout()
    response = client.post(
        reverse("signup"),
        {
            "email": "Later@example.org",
            "first_name": "Ada",
            "password1": "a-long-test-password-9",
            "password2": "a-long-test-password-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ada.refresh_from_db()
    assert ada.user is not None and ada.user.email.lower() == "later@example.org"


def test_an_existing_account_is_linked_when_it_signs_in(client, organiser_a, ada):
    client.force_login(organiser_a)
    _edit(client, ada, learner_account_email="gone@example.org")
    account = UserFactory(email="gone@example.org", is_active=True)
    # Created after the link was saved: it is attached at its next sign-in.
    client.force_login(account)
    ada.refresh_from_db()
    assert ada.user == account


def test_inactive_account_is_not_linked(client, organiser_a, ada):
    UserFactory(email="gone@example.org", is_active=False)
    client.force_login(organiser_a)
    response = _edit(client, ada, learner_account_email="gone@example.org")
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.user is None


def test_empty_email_unlinks(client, organiser_a, ada, learner):
    ada.user = learner
    ada.save()
    client.force_login(organiser_a)
    assert _edit(client, ada, learner_account_email="").status_code == 302
    ada.refresh_from_db()
    assert ada.user is None


def test_one_account_per_member_of_a_branch(client, organiser_a, members_a, learner):
    ada, bessie = members_a[:2]
    ada.user = learner
    ada.save()
    ada.account_email = learner.email
    ada.save()
    client.force_login(organiser_a)
    response = _edit(client, bessie, learner_account_email=learner.email)
    assert response.status_code == 200
    assert "already given for another member" in response.content.decode()
    bessie.refresh_from_db()
    assert bessie.user is None
    # Saving Ada again, still linked, is fine.
    assert _edit(client, ada, learner_account_email=learner.email).status_code == 302


def test_same_account_may_be_on_two_branches(client, organiser_a, organiser_b, ada, members_b, learner):
    ada.user = learner
    ada.save()
    client.force_login(organiser_b)
    assert _edit(client, members_b[0], learner_account_email=learner.email).status_code == 302
    members_b[0].refresh_from_db()
    assert members_b[0].user == learner


def test_organiser_of_b_cannot_link_a_member_of_a(client, organiser_b, ada, learner):
    client.force_login(organiser_b)
    assert client.get(reverse("branches_member:edit", args=[ada.pk])).status_code in {403, 404}
    response = _edit(client, ada, learner_account_email=learner.email)
    assert response.status_code in {403, 404}
    ada.refresh_from_db()
    assert ada.user is None


def test_subject_access_export_names_the_learner_account(client, organiser_a, ada, learner):
    client.force_login(organiser_a)
    _edit(client, ada, learner_account_email=learner.email)
    response = client.get(reverse("branches_organise:member_export", args=[ada.pk]))
    data = json.loads(response.content)
    assert data["member"]["learner_account_email"] == learner.email


# What the learner sees ----------------------------------------------------------


@pytest.fixture
def ada_linked(branch_a, group_a, learner):
    """Ada joined on 1 June 2024: one session before that, two since, one to come."""
    member = MemberFactory(
        branch=branch_a, name="Ada Lovelace", joined_on=datetime.date(2024, 6, 1), user=learner
    )
    before = SessionFactory(branch=branch_a, group=group_a, date=datetime.date(2024, 5, 1))
    first = SessionFactory(branch=branch_a, group=group_a, date=datetime.date(2024, 6, 5))
    second = SessionFactory(branch=branch_a, group=group_a, date=datetime.date(2024, 7, 5))
    SessionFactory(
        branch=branch_a, group=group_a, title="Capital, chapter one",
        date=TODAY + datetime.timedelta(days=7),
    )
    AttendanceFactory(session=before, member=member, status=Attendance.Status.PRESENT)
    AttendanceFactory(session=first, member=member, status=Attendance.Status.LATE)
    AttendanceFactory(session=second, member=member, status=Attendance.Status.ABSENT)
    return member


def test_learner_sees_their_branch(client, home, ada_linked, learner):
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Your branch" in html
    assert reverse("branches:branch", args=["ashford"]) in html
    assert reverse("branches:branch_calendar", args=["ashford"]) in html
    assert "Capital, chapter one" in html
    # The session before she joined counts neither for nor against her.
    assert "Your attendance: <span class=\"attendance-count\">1 of 2</span> sessions since you joined" in html


def test_learner_sees_what_the_coming_session_reads(client, ada_linked, learner, handbook):
    coming = ada_linked.branch.sessions.get(title="Capital, chapter one")
    chapter = handbook.sections.get(title="Chapter II: The Vote")
    SessionReadingFactory(session=coming, text=handbook, section=chapter, pages="12-19")
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert (
        f'<a href="{handbook.section_url(chapter)}">'
        "The Branch Handbook, Chapter II: The Vote, pages 12-19</a>"
    ) in html


def test_attendance_matches_the_branch_report(ada_linked, branch_a, learner):
    (place,) = learner_branches(user=learner)
    (row,) = [m for m in member_attendance(branch=branch_a, filters=ReportFilters()) if m.pk == ada_linked.pk]
    assert (place.member.came, place.member.held) == (row.came, row.held) == (1, 2)


def test_another_learner_sees_nothing_of_it(client, home, ada_linked, other_learner):
    client.force_login(other_learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Your branch" not in html
    assert "Ashford" not in html and "Capital, chapter one" not in html


def test_learner_with_no_member_record_sees_nothing_extra(client, home, learner, branch_a):
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Your branch" not in html
    assert learner_branches(user=learner) == []


def test_erased_member_is_no_longer_shown(client, home, ada_linked, learner):
    ada_linked.erase()
    ada_linked.save()
    client.force_login(learner)
    assert "Your branch" not in client.get(reverse("courses:my_learning")).content.decode()


def test_only_the_next_few_sessions_in_a_fixed_number_of_queries(ada_linked, branch_a, learner):
    for days in range(10, 20):
        SessionFactory(branch=branch_a, date=TODAY + datetime.timedelta(days=days))
    with CaptureQueriesContext(connection) as one:
        (place,) = learner_branches(user=learner, upcoming=3)
    assert [s.title for s in place.upcoming][0] == "Capital, chapter one"
    assert len(place.upcoming) == 3

    other = BranchFactory(name="Croydon", slug="croydon")
    MemberFactory(branch=other, user=learner)
    for days in range(1, 6):
        SessionFactory(branch=other, date=TODAY + datetime.timedelta(days=days))
    with CaptureQueriesContext(connection) as two:
        places = learner_branches(user=learner, upcoming=3)
    assert [p.branch.name for p in places] == ["Ashford", "Croydon"]
    assert [len(p.upcoming) for p in places] == [3, 3]
    assert len(two) == len(one) == 3  # members, sessions, their library readings
