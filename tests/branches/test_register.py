import datetime
import re

import pytest
from django.urls import reverse

from branches.models import Attendance, BranchLogEntry, Member
from tests.branches.register_form import register_form_data
from tests.factories.accounts import VerifiedClient
from tests.factories.branches import MemberFactory, SessionFactory, organiser_of

P, L, A, X = "present", "late", "apologies", "absent"


def register_url(session):
    return reverse("branches_organise:register", args=[session.pk])


def post_data(marks, walk_ins=(), members=None):
    data = {"member": [str(m) for m in (members if members is not None else marks)]}
    for member_id, status in marks.items():
        data[f"status-{member_id}"] = status
    data["walk_in"] = list(walk_ins)
    return data


def marks(session):
    return dict(Attendance.objects.filter(session=session).values_list("member_id", "status"))


def test_register_lists_members_as_fieldsets_with_four_radios(client, organiser_a, session_a, members_a):
    client.force_login(organiser_a)
    response = client.get(register_url(session_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<fieldset class="sc-mark"') == 4
    for member in members_a:
        assert f'name="status-{member.pk}" value="late"' in html
        assert member.name in html
    for label in ["Present", "Late", "Apologies", "Absent"]:
        assert f"<span>{label}</span>" in html


def test_saving_marks_and_walk_ins_in_one_submit(client, organiser_a, session_a, members_a):
    client.force_login(organiser_a)
    ada, bessie, clem, dora = members_a
    response = client.post(
        register_url(session_a),
        post_data({ada.pk: P, bessie.pk: L, clem.pk: A}, walk_ins=["Keir New", " "]),
    )
    assert response.status_code == 302
    walk_in = Member.objects.get(name="Keir New")
    assert walk_in.branch == session_a.branch
    assert walk_in.joined_on == session_a.date
    assert marks(session_a) == {ada.pk: P, bessie.pk: L, clem.pk: A, walk_in.pk: P}
    # Dora is unmarked until the register is closed.
    assert dora.pk not in marks(session_a)
    # Saving again changes a mark, never duplicates one.
    client.post(register_url(session_a), post_data({ada.pk: L}, walk_ins=["keir new"]))
    assert marks(session_a)[ada.pk] == L
    assert Member.objects.filter(name__iexact="keir new").count() == 1
    assert Attendance.objects.filter(session=session_a).count() == 4


def test_closing_marks_the_unmarked_absent(client, organiser_a, session_a, members_a):
    client.force_login(organiser_a)
    ada = members_a[0]
    later = MemberFactory(branch=session_a.branch, joined_on=session_a.date + datetime.timedelta(days=1))
    client.post(register_url(session_a), post_data({ada.pk: P}))
    client.post(reverse("branches_organise:register_close", args=[session_a.pk]))
    result = marks(session_a)
    assert result[ada.pk] == P
    assert [result[m.pk] for m in members_a[1:]] == [X, X, X]
    assert later.pk not in result  # joined after the session
    session_a.refresh_from_db()
    assert session_a.register_closed_at is not None


def test_apologies_in_advance_only(client, organiser_a, group_a, members_a):
    future = SessionFactory(branch=group_a.branch, group=group_a, date=datetime.date.today() + datetime.timedelta(days=7))
    client.force_login(organiser_a)
    ok = client.post(register_url(future), post_data({members_a[0].pk: A}))
    assert ok.status_code == 302
    refused = client.post(register_url(future), post_data({members_a[1].pk: P}))
    assert refused.status_code == 400
    assert "only apologies" in refused.content.decode()
    assert marks(future) == {members_a[0].pk: A}


@pytest.mark.parametrize(
    "case, message",
    [
        ("unknown_id", "not on this branch"),
        ("other_branch", "not on this branch"),
        ("duplicate", "more than once"),
        ("bad_status", "is not a register mark"),
        ("not_a_number", "is not a member on this register"),
        ("digit_int_refuses", "is not a member on this register"),
        ("too_many_digits", "is not a member on this register"),
        ("mark_for_unlisted", "who is not on this register"),
    ],
)
def test_bad_register_posts_are_refused_and_change_nothing(
    client, organiser_a, session_a, members_a, members_b, case, message
):
    client.force_login(organiser_a)
    ada = members_a[0]
    client.post(register_url(session_a), post_data({ada.pk: L}))
    before_marks, before_members = marks(session_a), Member.objects.count()
    good = {m.pk: P for m in members_a}
    data = {
        "unknown_id": post_data({**good, 999999: P}, walk_ins=["Should Not Exist"]),
        "other_branch": post_data({**good, members_b[0].pk: P}),
        "duplicate": post_data(good, members=[*good, ada.pk]),
        "bad_status": post_data({**good, ada.pk: "asleep"}),
        "not_a_number": {**post_data(good), "member": [*post_data(good)["member"], "1 OR 1=1"]},
        "digit_int_refuses": {**post_data(good), "member": [*post_data(good)["member"], "²"]},
        "too_many_digits": {**post_data(good), "member": [*post_data(good)["member"], "1" * 5000]},
        "mark_for_unlisted": {**post_data(good), f"status-{members_b[0].pk}": P},
    }[case]
    response = client.post(register_url(session_a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "The register was not saved" in response.content.decode()
    assert marks(session_a) == before_marks
    assert Member.objects.count() == before_members


def test_register_of_another_branch_is_not_found(client, organiser_a, session_b, members_b):
    client.force_login(organiser_a)
    assert client.get(register_url(session_b)).status_code == 404
    response = client.post(register_url(session_b), post_data({members_b[0].pk: P}))
    assert response.status_code == 404
    assert marks(session_b) == {}


def test_saving_40_members_takes_a_fixed_number_of_queries(
    client, organiser_a, session_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    members = MemberFactory.create_batch(40, branch=session_a.branch)
    client.force_login(organiser_a)
    client.get(register_url(session_a))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        client.post(register_url(session_a), post_data({m.pk: P for m in members[:5]}, walk_ins=["A New"]))
    data = post_data({m.pk: P if i % 3 else L for i, m in enumerate(members)}, walk_ins=["One New"])
    # Fixed, whatever the size of the register: 19 to save and recount; one to
    # read the saved marks (only changed rows are written), one for the audit
    # entry's branch check, one for django-otp's device.
    with django_assert_max_num_queries(22) as many:
        response = client.post(register_url(session_a), data)
    assert response.status_code == 302
    assert len(marks(session_a)) == 42
    assert len(many) <= len(few)  # the count does not grow with the register


def test_every_register_change_is_in_the_audit_log(client, organiser_a, session_a, members_a):
    client.force_login(organiser_a)
    client.post(register_url(session_a), post_data({members_a[0].pk: P}))
    client.post(reverse("branches_organise:register_close", args=[session_a.pk]))
    entries = BranchLogEntry.objects.filter(object_id=str(session_a.pk)).order_by("timestamp")
    assert [e.action for e in entries] == ["branches.register_saved", "branches.register_closed"]
    assert entries[0].user == organiser_a
    assert entries[0].data["marks"] == {str(members_a[0].pk): P}


def test_sign_in_sheet_lists_the_groups_members_as_shown_with_blank_rows(
    client, organiser_a, session_a, members_a
):
    """The group's members only, sorted by the name shown, no statuses, the
    session and date on every page, blank rows for walk-ins: the sheet the
    hook ``register_session_sign_in_sheet`` makes (scans' scannable PDF)."""
    import io

    from pypdf import PdfReader

    group = session_a.group
    group.members.add(*members_a[:3])  # Dora Gaitskell is not in the group
    members_a[0].preferred_name = "Zelda"  # Ada Lovelace, shown as Zelda
    members_a[0].save()
    client.force_login(organiser_a)
    client.post(register_url(session_a), post_data({members_a[1].pk: A}))
    response = client.get(reverse("branches_organise:sign_in_sheet", args=[session_a.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    shown = re.findall(r"^\d+ (.+?)\s*$", text, re.M)
    assert shown == ["Bessie Braddock", "Clement Attlee", "Zelda"]
    assert "Dora Gaitskell" not in text and "Ada Lovelace" not in text
    assert "apologies" not in text.lower()
    numbers = re.findall(r"^(\d+)\b", text, re.M)
    assert len(numbers) >= 3 + 5  # a numbered row each, and walk-ins' blank rows
    assert "collected for the branch register" in text
    assert session_a.display_title in text and f"{session_a.date:%Y}" in text
    assert "private" in response["Cache-Control"]


def test_admins_see_register_changes_in_the_sessions_history(client, organiser_a, session_a, members_a, admin_user):
    client.force_login(organiser_a)
    client.post(register_url(session_a), post_data({members_a[0].pk: P}))
    client.force_login(admin_user)
    html = client.get(reverse("branches_session:history", args=[session_a.pk])).content.decode()
    assert "Save register" in html or "Register saved" in html


# Stale forms: a save writes only the rows its organiser changed, and a row
# someone else changed meanwhile is a conflict, never overwritten.


def _stale_pair(client, django_client_factory, organiser_a, session_a):
    """Two organisers with the register open at the same moment."""
    other = organiser_of(session_a.branch, email="second@example.org")
    second = django_client_factory()
    client.force_login(organiser_a)
    second.force_login(other)
    first_html = client.get(register_url(session_a)).content.decode()
    second_html = second.get(register_url(session_a)).content.decode()
    return (client, first_html), (second, second_html), other


@pytest.fixture
def django_client_factory():
    # A second organiser's browser: logged in with their second factor.
    return VerifiedClient


def test_two_stale_forms_marking_different_rows_lose_nothing(
    client, django_client_factory, organiser_a, session_a, members_a
):
    ada, bessie, clem, dora = members_a
    (one, one_html), (two, two_html), other = _stale_pair(
        client, django_client_factory, organiser_a, session_a
    )
    changes_one = {f"status-{ada.pk}": P, f"status-{bessie.pk}": L}
    changes_two = {f"status-{clem.pk}": A, f"status-{dora.pk}": P}
    assert one.post(register_url(session_a), register_form_data(one_html, **changes_one)).status_code == 302
    assert two.post(register_url(session_a), register_form_data(two_html, **changes_two)).status_code == 302
    assert marks(session_a) == {ada.pk: P, bessie.pk: L, clem.pk: A, dora.pk: P}
    recorded = dict(Attendance.objects.filter(session=session_a).values_list("member_id", "recorded_by"))
    assert recorded[ada.pk] == organiser_a.pk and recorded[clem.pk] == other.pk


def test_a_row_changed_by_both_is_a_conflict_for_the_second_to_decide(
    client, django_client_factory, organiser_a, session_a, members_a
):
    ada, bessie, *_ = members_a
    (one, one_html), (two, two_html), _other = _stale_pair(
        client, django_client_factory, organiser_a, session_a
    )
    one.post(register_url(session_a), register_form_data(one_html, **{f"status-{ada.pk}": P}))
    response = two.post(
        register_url(session_a),
        register_form_data(two_html, **{f"status-{ada.pk}": L, f"status-{bessie.pk}": P}),
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "1 mark changed by someone else" in html
    assert f'id="conflict-{ada.pk}"' in html
    conflict = html[html.index(f'id="conflict-{ada.pk}"') :].split("</p>")[0]
    assert "Present" in conflict and "Late" in conflict  # theirs and yours
    assert marks(session_a) == {ada.pk: P, bessie.pk: P}  # theirs kept, the rest saved

    # The re-shown form holds what is saved now: choosing again is a plain save.
    again = two.post(register_url(session_a), register_form_data(html, **{f"status-{ada.pk}": L}))
    assert again.status_code == 302
    assert marks(session_a) == {ada.pk: L, bessie.pk: P}


def test_rows_left_alone_on_a_stale_form_are_not_written(
    client, django_client_factory, organiser_a, session_a, members_a
):
    ada, bessie, *_ = members_a
    client.force_login(organiser_a)
    client.post(register_url(session_a), post_data({ada.pk: P}))
    (one, one_html), (two, two_html), other = _stale_pair(
        client, django_client_factory, organiser_a, session_a
    )
    two.post(register_url(session_a), register_form_data(two_html, **{f"status-{ada.pk}": L}))
    # The first form still shows Ada Present; saving it leaves her as she is now.
    response = one.post(
        register_url(session_a), register_form_data(one_html, **{f"status-{bessie.pk}": P})
    )
    assert response.status_code == 302
    mark = Attendance.objects.get(session=session_a, member=ada)
    assert (mark.status, mark.recorded_by_id) == (L, other.pk)
    entry = BranchLogEntry.objects.filter(object_id=str(session_a.pk)).order_by("-timestamp", "-pk")[0]
    assert entry.data["marks"] == {str(bessie.pk): P}
