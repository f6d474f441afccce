"""A reading group's members: chosen on its form from its own branch only,
and seeded from its registers by the migration."""

import pytest
from django.urls import reverse

from tests.factories.branches import MemberFactory, ReadingGroupFactory

pytestmark = pytest.mark.django_db


def edit_url(group):
    return reverse("branches_group:edit", args=[group.pk])


def test_organiser_chooses_the_groups_members_from_their_branch_only(
    client, organiser_a, branch_a, members_a, members_b
):
    group = ReadingGroupFactory(branch=branch_a)
    client.force_login(organiser_a)
    html = client.get(edit_url(group)).content.decode()
    assert "Ada Lovelace" in html
    assert "Zed Bexley" not in html  # another branch's people are not offered
    data = {"branch": branch_a.pk, "name": group.name, "description": ""}
    forged = client.post(
        edit_url(group), {**data, "members": [members_a[0].pk, members_b[0].pk]}
    )
    assert forged.status_code == 200  # the form again, with its error
    assert list(group.members.all()) == []
    client.post(
        edit_url(group), {**data, "members": [members_a[0].pk, members_a[2].pk]}
    )
    assert set(group.members.all()) == {members_a[0], members_a[2]}


def test_erased_members_are_not_offered(client, organiser_a, branch_a):
    from branches.services import member_erase

    group = ReadingGroupFactory(branch=branch_a)
    gone = MemberFactory(branch=branch_a, name="Gone Person")
    member_erase(member=gone, user=organiser_a)
    client.force_login(organiser_a)
    html = client.get(edit_url(group)).content.decode()
    assert "Gone Person" not in html and f"Erased member {gone.pk}" not in html


def test_the_migration_seeds_members_from_who_came(branch_a, members_a):
    from importlib import import_module

    from django.apps import apps

    from tests.factories.branches import AttendanceFactory, SessionFactory

    migration = import_module("branches.migrations.0005_reading_group_members")
    group = ReadingGroupFactory(branch=branch_a)
    session = SessionFactory(branch=branch_a, group=group)
    AttendanceFactory(session=session, member=members_a[0], status="present")
    AttendanceFactory(session=session, member=members_a[1], status="late")
    AttendanceFactory(session=session, member=members_a[2], status="apologies")
    migration.members_from_registers(apps, None)
    assert set(group.members.all()) == {members_a[0], members_a[1]}
