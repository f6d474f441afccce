"""Organiser of branch A against every branch-scoped URL of branch B."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from branches.models import Attendance, Member, ReadingGroup, Session
from tests.factories.branches import AttendanceFactory, SessionFactory, VenueFactory

REFUSED = {403, 404}


@pytest.fixture
def world(branch_a, branch_b, organiser_a, members_a, members_b, group_a, session_a, session_b):
    venue_b = VenueFactory(branch=branch_b)
    AttendanceFactory(session=session_b, member=members_b[0])
    AttendanceFactory(session=session_a, member=members_a[0])
    return {
        "branch": branch_b,
        "member": members_b[0],
        "group": session_b.group,
        "session": session_b,
        "venue": venue_b,
    }


def admin_urls(b):
    """Every admin URL that names one of branch B's objects."""
    urls = []
    for viewset, obj in [
        ("branches_branch", b["branch"]),
        ("branches_member", b["member"]),
        ("branches_group", b["group"]),
        ("branches_session", b["session"]),
    ]:
        for view in ["edit", "delete", "history", "usage"]:
            urls.append(reverse(f"{viewset}:{view}", args=[obj.pk]))
    s, m, br = b["session"].pk, b["member"].pk, b["branch"].pk
    urls += [
        reverse("branches_organise:register", args=[s]),
        reverse("branches_organise:register_close", args=[s]),
        reverse("branches_organise:sign_in_sheet", args=[s]),
        reverse("branches_organise:branch_report", args=[br]),
        reverse("branches_organise:branch_report", args=[br]) + "?export=csv&table=members",
        reverse("branches_organise:branch_report", args=[br]) + "?export=xlsx&table=sessions",
        reverse("branches_organise:regional_summary", args=[b["branch"].region_id]),
        reverse("branches_organise:national_summary"),
        reverse("branches_organise:member_export", args=[m]),
        reverse("branches_organise:member_erase", args=[m]),
    ]
    return urls


@pytest.mark.parametrize("method", ["get", "post"])
def test_organiser_of_a_is_refused_every_admin_url_of_b(client, world, organiser_a, method):
    client.force_login(organiser_a)
    before = (
        Member.objects.filter(branch=world["branch"]).values_list("pk", "name", "erased_at").order_by("pk"),
        Attendance.objects.filter(session=world["session"]).values_list("pk", "status").order_by("pk"),
        ReadingGroup.objects.filter(branch=world["branch"]).count(),
        Session.objects.filter(branch=world["branch"]).count(),
    )
    before = [list(q) if not isinstance(q, int) else q for q in before]
    data = {
        "member": [str(world["member"].pk)],
        f"status-{world['member'].pk}": "present",
        "name": "Hijacked",
        "branch": str(world["branch"].pk),
        "slug": "hijacked",
    }
    for url in admin_urls(world):
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code in REFUSED, f"{method.upper()} {url} gave {response.status_code}"
    after = (
        Member.objects.filter(branch=world["branch"]).values_list("pk", "name", "erased_at").order_by("pk"),
        Attendance.objects.filter(session=world["session"]).values_list("pk", "status").order_by("pk"),
        ReadingGroup.objects.filter(branch=world["branch"]).count(),
        Session.objects.filter(branch=world["branch"]).count(),
    )
    after = [list(q) if not isinstance(q, int) else q for q in after]
    assert after == before


def test_organiser_of_a_reaches_their_own_urls(client, world, organiser_a, branch_a, session_a, members_a, group_a):
    client.force_login(organiser_a)
    own = [
        reverse("branches_branch:edit", args=[branch_a.pk]),
        reverse("branches_member:edit", args=[members_a[0].pk]),
        reverse("branches_group:edit", args=[group_a.pk]),
        reverse("branches_session:edit", args=[session_a.pk]),
        reverse("branches_organise:register", args=[session_a.pk]),
        reverse("branches_organise:sign_in_sheet", args=[session_a.pk]),
        reverse("branches_organise:branch_report", args=[branch_a.pk]),
        reverse("branches_organise:member_export", args=[members_a[0].pk]),
        reverse("branches_organise:registers"),
        reverse("branches_organise:reports"),
        reverse("branches_organise:members_import"),
        reverse("branches_organise:sessions_repeat"),
    ]
    for url in own:
        assert client.get(url).status_code == 200, url


def test_listings_show_only_own_branch(client, world, organiser_a, members_a):
    client.force_login(organiser_a)
    listings = {
        "branches_branch:index": ("Ashford", "Bexley"),
        "branches_member:index": (members_a[0].name, world["member"].name),
        "branches_group:index": ("Capital reading group", world["group"].name),
        "branches_session:index": ("Ashford", "Bexley"),
        "branches_organise:registers": ("Ashford", "Bexley"),
        "branches_organise:reports": ("Ashford", "Bexley"),
    }
    for name, (own, other) in listings.items():
        html = client.get(reverse(name)).content.decode()
        assert own in html, name
        assert other not in html, name


def test_create_forms_offer_only_own_branches_and_refuse_others(client, world, organiser_a, branch_a):
    client.force_login(organiser_a)
    html = client.get(reverse("branches_member:add")).content.decode()
    assert "Ashford" in html and "Bexley" not in html
    html = client.get(reverse("branches_session:add")).content.decode()
    assert world["venue"].name not in html and world["group"].name not in html
    response = client.post(
        reverse("branches_member:add"),
        {"branch": world["branch"].pk, "name": "Sneaky", "joined_on": "2024-01-01"},
    )
    assert response.status_code == 200  # the form again, with an error
    assert not Member.objects.filter(name="Sneaky").exists()
    form = client.get(reverse("branches_organise:sessions_repeat")).content.decode()
    assert world["group"].name not in form


def _session_form(*, branch, group, title: str) -> dict:
    """The admin's session form in full, management form included, so that the
    group is the only thing that can make it fail."""
    return nested_form_data(
        {
            "branch": branch.pk,
            "group": group.pk,
            "title": title,
            "date": "2026-01-01",
            "start_time": "19:00",
            "end_time": "",
            "venue": "",
            "facilitator": "",
            "module": "",
            "library_readings": inline_formset([]),
            "readings": "",
        }
    )


def test_a_session_is_made_for_an_own_group_and_refused_for_anothers(
    client, world, organiser_a, branch_a, group_a
):
    client.force_login(organiser_a)
    url = reverse("branches_session:add")
    own = client.post(url, _session_form(branch=branch_a, group=group_a, title="Own group"))
    assert own.status_code == 302
    assert Session.objects.filter(branch=branch_a, group=group_a, title="Own group").exists()
    other = client.post(
        url, _session_form(branch=branch_a, group=world["group"], title="Other group")
    )
    assert other.status_code == 200  # the form again, with the group refused
    assert "group" in other.context["form"].errors
    assert not Session.objects.filter(title="Other group").exists()
    assert not Session.objects.filter(group=world["group"]).exclude(pk=world["session"].pk).exists()


def test_exports_of_a_contain_none_of_bs_people(client, world, organiser_a, branch_a, members_a):
    client.force_login(organiser_a)
    url = reverse("branches_organise:branch_report", args=[branch_a.pk])
    csv_text = b"".join(client.get(url + "?export=csv&table=members").streaming_content).decode()
    assert members_a[0].name in csv_text
    for member in Member.objects.filter(branch=world["branch"]):
        assert member.name not in csv_text
    xlsx = client.get(url + "?export=xlsx&table=members")
    assert xlsx.status_code == 200


def test_public_urls_never_mix_branches(client, world, branch_a, group_a):
    b_group = world["group"]
    assert client.get(f"/branches/{branch_a.slug}/groups/{b_group.pk}/").status_code == 404
    assert client.get(f"/branches/{branch_a.slug}/groups/{b_group.pk}/calendar.ics").status_code == 404
    assert client.get(f"/branches/{branch_a.slug}/groups/{group_a.pk}/").status_code == 200
    feed = client.get(f"/branches/{branch_a.slug}/calendar.ics").content.decode()
    assert f"branch-session-{world['session'].pk}@" not in feed


def test_public_pages_name_nobody(client, world, branch_a, members_a):
    for url in [f"/branches/{branch_a.slug}/", f"/branches/{branch_a.slug}/calendar.ics"]:
        body = client.get(url).content.decode()
        for member in members_a:
            assert member.name not in body


def test_national_staff_see_every_branch(client, world, branch_a):
    from django.contrib.auth.models import Group

    from tests.factories.courses import UserFactory

    staff = UserFactory()
    staff.groups.add(Group.objects.get(name="National education staff"))
    client.force_login(staff)
    assert client.get(reverse("branches_member:edit", args=[world["member"].pk])).status_code == 200
    html = client.get(reverse("branches_organise:national_summary")).content.decode()
    assert world["member"].name not in html


def test_regional_officer_sees_branches_of_their_region_only(client, world, branch_a):
    from django.contrib.auth.models import Group

    from branches.models import RegionalOfficer
    from tests.factories.courses import UserFactory

    officer = UserFactory()
    officer.groups.add(Group.objects.get(name="Branch organisers"))
    RegionalOfficer.objects.create(user=officer, region=world["branch"].region)
    client.force_login(officer)
    assert client.get(reverse("branches_session:edit", args=[world["session"].pk])).status_code == 200
    assert client.get(reverse("branches_organise:branch_report", args=[branch_a.pk])).status_code == 404
    summary = client.get(reverse("branches_organise:regional_summary", args=[world["branch"].region_id]))
    assert summary.status_code == 200
    assert world["member"].name not in summary.content.decode()
    assert (
        client.get(reverse("branches_organise:regional_summary", args=[branch_a.region_id])).status_code
        == 404
    )
    # The summary counts the officer's region's branches, and only those.
    assert world["branch"].name in summary.content.decode()
    assert branch_a.name not in summary.content.decode()
    assert (
        client.get(reverse("branches_session:edit", args=[SessionFactory(branch=branch_a).pk])).status_code
        in REFUSED
    )


def test_only_admins_assign_organisers(client, organiser_a, admin_user, branch_a):
    client.force_login(organiser_a)
    assert client.get(reverse("branches_role:index")).status_code in {302, 403}
    client.force_login(admin_user)
    html = client.get(reverse("branches_role:index")).content.decode()
    assert "olive@example.org" in html
