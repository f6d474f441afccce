"""Photograph a filled sheet, check it, confirm: the register is right."""

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from branches.models import Attendance, BranchLogEntry, Member
from scans.models import Scan, ScanPage, ScanRow
from tests.scans.conftest import sheet_photo, upload

pytestmark = pytest.mark.django_db


def private_files():
    storage = storages["private"]
    try:
        return storage.listdir("scans")[1]
    except FileNotFoundError:
        return []


def proposals(rows) -> dict:
    """The form as the page proposes it: ticked Here, empty Not here, unsure unset."""
    return {
        f"mark-{r.pk}": {"ticked": "present", "empty": "no"}.get(r.proposed, "")
        for r in rows
    }


def _upload(client, session, photo, capture):
    with capture(execute=True):
        return client.post(
            reverse("scans:upload", args=[session.pk]), {"files": [upload(photo)]}
        )


def test_photo_to_register(
    client, organiser_a, session_a, members_a, django_capture_on_commit_callbacks
):
    ada, bessie, clem, dora, ellen = members_a  # printed in name order
    photo = sheet_photo(
        session_a,
        marks={0: "tick", 1: "cross", 3: "crossed_out", 5: "tick"},
        names=[5],
        faults={"rotate", "shadow", "jpeg40"},
    )
    client.force_login(organiser_a)
    response = _upload(client, session_a, photo, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    scan = Scan.objects.get(session=session_a)
    assert scan.status == Scan.Status.READY
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page["Cache-Control"].count("private")
    rows = {row.number: row for row in ScanRow.objects.filter(page__scan=scan)}
    proposed = [rows[n].proposed for n in (1, 2, 3, 4, 5)]
    assert proposed == ["ticked", "ticked", "empty", "unsure", "empty"]
    assert rows[6].member is None and rows[6].proposed == "ticked"
    assert "1 needs your decision" in html and "Ada Lovelace" in html
    image = client.get(reverse("scans:row_image", args=[scan.pk, rows[6].pk]))
    assert image["Content-Type"] == "image/png" and "private" in image["Cache-Control"]
    assert len(private_files()) == 1  # the straightened page; the upload is gone

    data = proposals(rows.values())
    data[f"mark-{rows[6].pk}"] = "present"
    # Undecided unsure row, nameless walk-in: refused, nothing saved.
    refused = client.post(reverse("scans:scan", args=[scan.pk]), data)
    assert refused.status_code == 400
    assert "Row 4: the box could not be read for sure" in refused.content.decode()
    assert "Row 6: type the name" in refused.content.decode()
    assert not Attendance.objects.filter(session=session_a).exists()

    data[f"mark-{rows[4].pk}"] = "no"
    data[f"name-{rows[6].pk}"] = "  Keir   Hardie "
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(reverse("scans:scan", args=[scan.pk]), data)
    assert saved.status_code == 302
    keir = Member.objects.get(name="Keir Hardie", branch=session_a.branch)
    marks = Attendance.objects.filter(session=session_a)
    assert dict(marks.values_list("member_id", "status")) == {
        ada.pk: "present",
        bessie.pk: "present",
        keir.pk: "present",
    }
    entry = BranchLogEntry.objects.get(action="branches.register_saved_from_sheet")
    assert entry.data["source"] == "scanned sheet"
    scan.refresh_from_db()
    assert scan.status == Scan.Status.CONFIRMED
    assert private_files() == []
    assert not ScanRow.objects.filter(page__scan=scan).exists()
    # The same page again is refused, and saves nothing.
    _upload(client, session_a, photo, django_capture_on_commit_callbacks)
    again = Scan.objects.exclude(pk=scan.pk).get()
    assert again.status == Scan.Status.FAILED
    assert "already confirmed" in ScanPage.objects.get(scan=again).error
