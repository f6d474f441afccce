"""The matrix's rows for scanned sign-in sheets (issue 16)."""

import io

from django.urls import reverse

from .matrix import NOBODY, SESSION_PEOPLE, Case, _r


def _shows(text):
    """Those who get the page see ``text`` on it (a name, the form)."""

    def check(w, role, response, body):
        if response.status_code == 200:
            assert text(w) in body, f"{text(w)!r} missing"

    return check


# Scanned sign-in sheets (issue 16): photos that show who came, for the
# session's branch organisers and national staff only, like the sheet itself.
CASES = [
    Case(
        "scans:upload",
        _r("scans:upload", "session_a"),
        SESSION_PEOPLE,
        post=True,
        route="scans:upload",
        check=_shows(lambda w: "Read the sheet"),
    ),
    Case(
        "scans:scan",
        _r("scans:scan", "scan_a"),
        SESSION_PEOPLE,
        post=True,
        route="scans:scan",
        check=_shows(lambda w: w.member_a.name),
    ),
    Case(
        "scans:discard",
        _r("scans:discard", "scan_a"),
        NOBODY,
        post=True,
        post_allowed=SESSION_PEOPLE,
        route="scans:discard",
    ),
    Case(
        "scans:row_image",
        lambda w: reverse(
            "scans:row_image", args=[w.obj("scan_a"), w.obj("scan_row_a")]
        ),
        SESSION_PEOPLE,
        route="scans:row_image",
        check=lambda w, role, response, body: (
            response.status_code != 200
            or (
                response["Content-Type"] == "image/png"
                and "private" in response["Cache-Control"]
            )
        ),
    ),
]


def scan_of(session, member, user):
    """An upload of session's sheet, read and waiting to be confirmed."""
    from django.core.files.base import ContentFile
    from PIL import Image

    from scans.models import Scan, ScanPage, ScanRow

    scan = Scan.objects.create(
        session=session, uploaded_by=user, status=Scan.Status.READY, pages_total=1
    )
    page = ScanPage.objects.create(scan=scan, index=1, sheet_number=1, sheet_count=1)
    out = io.BytesIO()
    Image.new("L", (1260, 1782), 255).save(out, "PNG")
    page.image.save("page", ContentFile(out.getvalue()))
    row = ScanRow.objects.create(
        page=page, position=0, number=1, member=member, proposed="unsure"
    )
    return scan, row


def fingerprint():
    from scans.models import Scan, ScanRow

    return [
        list(Scan.objects.values_list("pk", "status").order_by("pk")),
        ScanRow.objects.count(),
    ]
