"""The audit log is scoped like the data, and its labels name no one."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from branches.models import BranchLogEntry, Member
from tests.factories.branches import RegionFactory
from tests.factories.courses import UserFactory

SITE_HISTORY = reverse("wagtailadmin_reports:site_history")


def _edit_member(client, member, **changes):
    data = {
        "branch": member.branch_id,
        "name": member.name,
        "preferred_name": "",
        "email": member.email,
        "learner_account_email": "",
        "phone": "",
        "joined_on": member.joined_on.isoformat(),
        "access_needs": "",
        "consent_on": "",
        "consent_basis": "",
    }
    data.update(changes)
    response = client.post(reverse("branches_member:edit", args=[member.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def logged(
    client,
    organiser_a,
    organiser_b,
    members_a,
    members_b,
    session_a,
    session_b,
    group_a,
):
    """Each organiser edits a member of their branch and saves a register."""
    for user, first_name in [(organiser_a, "Olivia"), (organiser_b, "Bobbina")]:
        user.first_name = first_name
        user.save()
    client.force_login(organiser_a)
    _edit_member(client, members_a[0])
    client.post(
        reverse("branches_organise:register", args=[session_a.pk]),
        {"member": [members_a[0].pk], f"status-{members_a[0].pk}": "present"},
    )
    client.force_login(organiser_b)
    _edit_member(client, members_b[0])
    client.post(
        reverse("branches_organise:register", args=[session_b.pk]),
        {"member": [members_b[0].pk], f"status-{members_b[0].pk}": "present"},
    )
    client.logout()
    assert BranchLogEntry.objects.filter(branch=session_b.branch).count() == 2
    return {"a": members_a[0], "b": members_b[0]}


def _b_traces(members_b, organiser_b):
    return [m.name for m in members_b] + [organiser_b.email, "Bobbina", "Bexley"]


@pytest.mark.parametrize("export", ["", "csv"])
def test_organiser_sees_only_their_branches_in_site_history(
    client, logged, organiser_a, organiser_b, members_b, export
):
    client.force_login(organiser_a)
    response = client.get(SITE_HISTORY + (f"?export={export}" if export else ""))
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    text = body.decode()
    assert "Ashford" in text  # their own entries are there
    assert f"Member #{logged['a'].pk} (Ashford)" in text
    for trace in _b_traces(members_b, organiser_b):
        assert trace not in text, trace


def test_xlsx_export_is_scoped_too(client, logged, organiser_a, members_b, organiser_b):
    import io

    from openpyxl import load_workbook

    client.force_login(organiser_a)
    response = client.get(SITE_HISTORY + "?export=xlsx")
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    sheet = load_workbook(io.BytesIO(body)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "Ashford" in cells
    for trace in _b_traces(members_b, organiser_b):
        assert trace not in cells, trace


def test_site_history_filters_offer_no_other_branchs_people(
    client, logged, organiser_a, organiser_b
):
    client.force_login(organiser_a)
    html = client.get(SITE_HISTORY).content.decode()
    assert organiser_b.email not in html and "Bobbina" not in html
    assert "Olivia" in html  # the user filter lists who is in their entries
    # Searching the labels by a name finds nothing: labels carry none.
    html = client.get(SITE_HISTORY, {"label": logged["a"].name}).content.decode()
    assert f"Member #{logged['a'].pk}" not in html


def test_national_staff_and_superusers_see_every_branch(client, logged, admin_user):
    staff = UserFactory(email="nat@example.org")
    staff.groups.add(Group.objects.get(name="National education staff"))
    for user in (staff, admin_user):
        client.force_login(user)
        html = client.get(SITE_HISTORY).content.decode()
        assert "Ashford" in html and "Bexley" in html, user


def test_regional_officer_sees_their_regions_branches_only(
    client, logged, branch_a, branch_b
):
    from branches.models import RegionalOfficer

    branch_b.region = RegionFactory(name="Elsewhere")
    branch_b.save()
    officer = UserFactory(email="reo@example.org")
    officer.groups.add(Group.objects.get(name="Branch organisers"))
    RegionalOfficer.objects.create(user=officer, region=branch_a.region)
    client.force_login(officer)
    html = client.get(SITE_HISTORY).content.decode()
    assert "Ashford" in html and "Bexley" not in html


def test_learners_and_tutors_see_no_branch_entries(client, logged, learner, tutor):
    client.force_login(tutor)
    html = client.get(SITE_HISTORY).content.decode()
    assert "Ashford" not in html and "Bexley" not in html
    assert not BranchLogEntry.objects.viewable_by_user(learner).exists()
    client.force_login(learner)
    assert client.get(SITE_HISTORY).status_code in {302, 403}


def test_log_labels_name_no_member(logged, members_a):
    for member in Member.objects.all():
        log(instance=member, action="wagtail.edit", title=member.name)
    labels = " ".join(BranchLogEntry.objects.values_list("label", flat=True))
    assert "Member #" in labels
    for member in Member.objects.all():
        assert member.name not in labels
    assert not ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Member)
    ).exists()


@pytest.mark.parametrize(
    "viewset", ["branches_member", "branches_session", "branches_group"]
)
def test_history_views_work_for_their_organiser_only(
    client, logged, organiser_a, organiser_b, session_a, group_a, viewset
):
    obj = {
        "branches_member": logged["a"],
        "branches_session": session_a,
        "branches_group": group_a,
    }[viewset]
    log(instance=obj, action="wagtail.edit", user=organiser_a)
    url = reverse(f"{viewset}:history", args=[obj.pk])
    client.force_login(organiser_a)
    response = client.get(url)
    assert response.status_code == 200
    assert "Edited" in response.content.decode() or "Edit" in response.content.decode()
    client.force_login(organiser_b)
    assert client.get(url).status_code == 404


def test_history_view_leaves_out_entries_from_another_branch(
    client, logged, organiser_a, organiser_b, branch_a, branch_b
):
    """A member moved from B to A: A's organiser reads only what happened in A."""
    member = logged["b"]
    member.branch = branch_a
    member.save()
    log(instance=member, action="wagtail.edit", user=organiser_a)
    client.force_login(organiser_a)
    html = client.get(
        reverse("branches_member:history", args=[member.pk])
    ).content.decode()
    assert "Olivia" in html
    assert organiser_b.email not in html and "Bobbina" not in html


def test_usage_views_work_for_their_organiser_only(
    client, logged, organiser_a, organiser_b
):
    url = reverse("branches_member:usage", args=[logged["a"].pk])
    client.force_login(organiser_a)
    assert client.get(url).status_code == 200
    client.force_login(organiser_b)
    assert client.get(url).status_code == 404


def test_migration_moves_old_entries_with_neutral_labels(members_a, organiser_a):
    """Entries written before this log existed move over, their names gone."""
    import importlib

    migration = importlib.import_module("branches.migrations.0006_branch_log_entries")
    ada = members_a[0]
    old = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Member),
        object_id=str(ada.pk),
        label=ada.name,
        action="wagtail.edit",
        timestamp="2025-01-01T10:00Z",
        user=organiser_a,
    )
    migration.move_entries(apps, None)
    assert not ModelLogEntry.objects.filter(pk=old.pk).exists()
    moved = BranchLogEntry.objects.get(object_id=str(ada.pk))
    assert moved.label == f"Member #{ada.pk} (Ashford)"
    assert moved.branch_id == ada.branch_id and moved.user == organiser_a
