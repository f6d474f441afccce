"""A scanner's PDF of several pages, a phone's HEIC, marks already in the
register, someone saving meanwhile, and forgetting the pictures."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from bench.sheet_images import decode
from branches.models import Attendance
from scans.models import Scan, ScanRow
from tests.factories.branches import MemberFactory
from tests.scans.conftest import sheet_photo, upload
from tests.scans.test_bad_input import private_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, organiser_a, django_capture_on_commit_callbacks):
    client.force_login(organiser_a)

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def choices(scan, **override):
    data = {}
    for row in ScanRow.objects.filter(page__scan=scan):
        data[f"mark-{row.pk}"] = {
            "ticked": "present",
            "empty": "no" if row.member_id else "skip",
        }.get(row.proposed, "")
        data[f"was-{row.pk}"] = ""
    data.update(override)
    return data


def test_a_pdf_of_two_pages_is_read_with_progress(send, session_a, group_a):
    more = [
        MemberFactory(branch=session_a.branch, name=f"Zena Member {i:02d}")
        for i in range(12)
    ]
    group_a.members.add(*more)  # 17 people: two pages
    pictures = [
        Image.fromarray(
            decode(sheet_photo(session_a, marks={0: "tick"}, page=0, faults={"dpi150"}))
        ),
        Image.fromarray(
            decode(
                sheet_photo(session_a, marks={1: "cross"}, page=1, faults={"dpi150"})
            )
        ),
    ]
    out = io.BytesIO()
    pictures[0].save(
        out, "PDF", resolution=150, save_all=True, append_images=pictures[1:]
    )
    send(
        reverse("scans:upload", args=[session_a.pk]),
        {"files": [upload(out.getvalue(), "scan.pdf", "application/pdf")]},
    )
    scan = Scan.objects.get()
    assert (scan.status, scan.pages_total, scan.pages_done) == (Scan.Status.READY, 2, 2)
    assert sorted(scan.pages.values_list("sheet_number", flat=True)) == [1, 2]
    ticked = ScanRow.objects.filter(page__scan=scan, proposed="ticked").order_by(
        "number"
    )
    assert [row.number for row in ticked] == [1, 17]
    assert not scan.pdf  # the upload is deleted once read


def test_a_heic_photo_from_a_phone(send, session_a, members_a):
    import pillow_heif

    rgb = decode(sheet_photo(session_a, marks={2: "tick"}, faults={"rotate"}))
    heif = pillow_heif.from_bytes(
        mode="RGB", size=(rgb.shape[1], rgb.shape[0]), data=rgb.tobytes()
    )
    out = io.BytesIO()
    heif.save(out, quality=60)
    send(
        reverse("scans:upload", args=[session_a.pk]),
        {"files": [upload(out.getvalue(), "IMG_0001.HEIC", "image/heic")]},
    )
    row = ScanRow.objects.get(proposed="ticked")
    assert row.member == members_a[2]


def test_a_hand_entered_mark_is_never_overwritten_silently(
    send, client, organiser_a, session_a, members_a
):
    ada = members_a[0]
    Attendance.objects.create(
        session=session_a,
        member=ada,
        status="apologies",
        recorded_by=organiser_a,
        recorded_at=timezone.now(),
    )
    send(
        reverse("scans:upload", args=[session_a.pk]),
        {"files": [upload(sheet_photo(session_a, marks={0: "tick"}))]},
    )
    scan = Scan.objects.get()
    row = ScanRow.objects.get(member=ada)
    page = client.get(reverse("scans:scan", args=[scan.pk])).content.decode()
    assert 'The register now: <strong class="sc-scan__saved">Apologies</strong>' in page
    data = choices(scan, **{f"was-{row.pk}": "apologies"})
    response = send(reverse("scans:scan", args=[scan.pk]), data)
    assert response.status_code == 400
    assert "already says Apologies but the sheet is ticked" in response.content.decode()
    assert Attendance.objects.get(member=ada).status == "apologies"
    data[f"keep-{row.pk}"] = "register"
    assert send(reverse("scans:scan", args=[scan.pk]), data).status_code == 302
    assert Attendance.objects.get(member=ada).status == "apologies"


def test_the_sheet_wins_only_when_chosen(send, organiser_a, session_a, members_a):
    ada = members_a[0]
    Attendance.objects.create(
        session=session_a,
        member=ada,
        status="absent",
        recorded_by=organiser_a,
        recorded_at=timezone.now(),
    )
    send(
        reverse("scans:upload", args=[session_a.pk]),
        {"files": [upload(sheet_photo(session_a, marks={0: "tick"}))]},
    )
    scan = Scan.objects.get()
    row = ScanRow.objects.get(member=ada)
    data = choices(scan, **{f"was-{row.pk}": "absent", f"keep-{row.pk}": "sheet"})
    assert send(reverse("scans:scan", args=[scan.pk]), data).status_code == 302
    assert Attendance.objects.get(member=ada).status == "present"


def test_a_mark_saved_meanwhile_undoes_the_whole_confirm(
    send, organiser_a, session_a, members_a
):
    ada, bessie = members_a[:2]
    send(
        reverse("scans:upload", args=[session_a.pk]),
        {"files": [upload(sheet_photo(session_a, marks={0: "tick", 1: "tick"}))]},
    )
    scan = Scan.objects.get()
    data = choices(scan)  # the page was opened with Ada unmarked
    Attendance.objects.create(
        session=session_a,
        member=ada,
        status="apologies",
        recorded_by=organiser_a,
        recorded_at=timezone.now(),
    )
    response = send(reverse("scans:scan", args=[scan.pk]), data)
    assert response.status_code == 409
    assert "Someone changed the register" in response.content.decode()
    assert not Attendance.objects.filter(member=bessie).exists()  # all or nothing
    assert Scan.objects.get().status == Scan.Status.READY


def test_pictures_are_deleted_after_the_retention_period(send, session_a, settings):
    send(
        reverse("scans:upload", args=[session_a.pk]),
        {"files": [upload(sheet_photo(session_a, marks={0: "tick"}))]},
    )
    assert len(private_files()) == 1
    Scan.objects.update(
        created_at=timezone.now()
        - datetime.timedelta(days=settings.SCAN_RETENTION_DAYS - 1)
    )
    call_command("scans_delete_expired", stdout=io.StringIO())
    assert len(private_files()) == 1
    Scan.objects.update(
        created_at=timezone.now()
        - datetime.timedelta(days=settings.SCAN_RETENTION_DAYS + 1)
    )
    out = io.StringIO()
    call_command("scans_delete_expired", stdout=out)
    assert private_files() == []
    assert not Scan.objects.exists() and not ScanRow.objects.exists()
    assert "1 unconfirmed upload(s) removed" in out.getvalue()
