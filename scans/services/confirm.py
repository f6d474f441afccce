"""Confirming a read sheet into the register, and forgetting the pictures.

The organiser decides every unsure row, types each walk-in's name and
settles every row where the sheet and a mark already in the register
disagree; then ``register_save`` (the register form's own service) writes
it in one transaction, audit-logged as coming from a scanned sheet.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from branches.models import Attendance
from branches.services import (
    RegisterError,
    RegisterInput,
    RegisterSource,
    register_save,
)

from ..models import Scan, ScanPage, ScanRow
from .reading import scan_files_delete

CAME = {Attendance.Status.PRESENT, Attendance.Status.LATE}
PRESENT, NOT_HERE, SKIP = "present", "no", "skip"
KEEP_REGISTER, USE_SHEET = "register", "sheet"


class ConfirmRefused(ValueError):
    def __init__(self, errors: list[str], row_errors: dict[int, str] | None = None):
        super().__init__("; ".join(errors))
        self.errors = errors
        self.row_errors = row_errors or {}


@dataclass
class ConfirmRow:
    """A row as the organiser checks it."""

    row: ScanRow
    saved: str  # the register's mark now ("" for none)
    choice: str = ""  # PRESENT / NOT_HERE (members) or PRESENT / SKIP (walk-ins)
    keep: str = ""  # KEEP_REGISTER / USE_SHEET where they disagree
    name: str = ""
    error: str = ""

    @property
    def saved_label(self) -> str:
        return dict(Attendance.Status.choices).get(self.saved, "")

    @property
    def disagrees(self) -> bool:
        """The sheet says here, the register says Apologies or Absent."""
        return bool(
            self.row.member_id
            and self.saved
            and self.saved not in CAME
            and self.choice == PRESENT
        )


def confirm_rows(*, scan: Scan, data=None) -> list[ConfirmRow]:
    """The rows to check, with the register's marks now; ``data`` (a POST) fills
    in what the organiser chose, else the sheet's proposal."""
    rows = list(
        ScanRow.objects.filter(page__scan=scan).select_related("member", "page")
    )
    saved = dict(
        Attendance.objects.filter(
            session_id=scan.session_id,
            member_id__in=[r.member_id for r in rows if r.member_id],
        ).values_list("member_id", "status")
    )
    checked = []
    for row in rows:
        item = ConfirmRow(row=row, saved=saved.get(row.member_id, ""))
        proposal = {
            "ticked": PRESENT,
            "empty": NOT_HERE if row.member_id else SKIP,
        }.get(row.proposed, "")
        if data is None:
            item.choice = proposal
        else:
            item.choice = data.get(f"mark-{row.pk}", "")
            item.keep = data.get(f"keep-{row.pk}", "")
            item.name = " ".join(data.get(f"name-{row.pk}", "").split())
            if row.member_id:
                item.saved = data.get(f"was-{row.pk}", item.saved)
        checked.append(item)
    return checked


def _row_error(item: ConfirmRow) -> str:
    number = item.row.number
    if item.row.member_id:
        if item.choice not in (PRESENT, NOT_HERE):
            return f"Row {number}: the box could not be read for sure. Say whether they were here."
        if item.disagrees and item.keep not in (KEEP_REGISTER, USE_SHEET):
            return (
                f"Row {number}: the register already says {item.saved.capitalize()} but the "
                "sheet is ticked. Choose which to keep."
            )
        return ""
    if item.choice not in (PRESENT, SKIP):
        return f"Row {number}: someone wrote on this blank row. Type their name, or leave it out."
    if item.choice == PRESENT and not item.name:
        return (
            f"Row {number}: type the name written on the sheet, or leave the row out."
        )
    if len(item.name) > 150:
        return f"Row {number}: the name is longer than 150 characters."
    return ""


def register_entry(rows: list[ConfirmRow]) -> RegisterInput:
    """What the register form would have sent: only rows that change it."""
    entry = RegisterInput()
    for item in rows:
        if item.row.member_id is None:
            if item.choice == PRESENT:
                entry.walk_ins.append(item.name)
            continue
        if item.choice != PRESENT or item.saved in CAME:
            continue
        if item.disagrees and item.keep != USE_SHEET:
            continue
        entry.statuses[item.row.member_id] = Attendance.Status.PRESENT
        entry.shown[item.row.member_id] = item.saved
    return entry


class _Changed(Exception):
    """Someone changed the register meanwhile: undo the whole save."""


def scan_confirm(*, scan: Scan, data, user) -> tuple[int, int]:
    """Save the checked rows to the register; (members marked, walk-ins added).

    ``ConfirmRefused`` (nothing saved) for an undecided row, a page of this
    sheet confirmed meanwhile, or a row someone changed in the register
    since the organiser opened this page.
    """
    if scan.status != Scan.Status.READY:
        raise ConfirmRefused(
            [
                "This scan is not waiting to be confirmed (it was confirmed or discarded)."
            ]
        )
    rows = confirm_rows(scan=scan, data=data)
    row_errors = {item.row.pk: _row_error(item) for item in rows}
    row_errors = {pk: message for pk, message in row_errors.items() if message}
    if row_errors:
        raise ConfirmRefused(list(row_errors.values()), row_errors)
    entry = register_entry(rows)
    try:
        with transaction.atomic():
            locked = Scan.objects.select_for_update().get(pk=scan.pk)
            if locked.status != Scan.Status.READY:
                raise ConfirmRefused(
                    ["This scan was confirmed or discarded meanwhile."]
                )
            _pages_not_yet_confirmed(scan)
            result = register_save(
                session=scan.session,
                entry=entry,
                user=user,
                source=RegisterSource.SCANNED_SHEET,
            )
            if result.conflicts:
                raise _Changed
            Scan.objects.filter(pk=scan.pk).update(
                status=Scan.Status.CONFIRMED, confirmed_at=timezone.now()
            )
            ScanRow.objects.filter(page__scan=scan).delete()
            transaction.on_commit(lambda: scan_files_delete(scan=scan))
    except RegisterError as error:
        raise ConfirmRefused(error.errors) from error
    except _Changed as error:
        raise ConfirmRefused(
            [
                "Someone changed the register while you were checking this sheet. "
                "Nothing was saved: the rows now show the register as it is. Check them and confirm again."
            ]
        ) from error
    return result.marked - len(result.walk_ins), len(result.walk_ins)


def _pages_not_yet_confirmed(scan: Scan) -> None:
    numbers = set(
        scan.pages.exclude(sheet_number=None).values_list("sheet_number", flat=True)
    )
    done = ScanPage.objects.filter(
        scan__session_id=scan.session_id,
        scan__status=Scan.Status.CONFIRMED,
        sheet_number__in=numbers,
    ).values_list("sheet_number", flat=True)
    if done:
        pages = ", ".join(str(n) for n in sorted(set(done)))
        raise ConfirmRefused(
            [f"Page {pages} of this sheet was already confirmed into the register."]
        )


def scan_discard(*, scan: Scan) -> None:
    """Forget an upload the organiser does not want: its pictures and rows."""
    scan_files_delete(scan=scan)
    scan.delete()


def scans_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete every picture and row older than ``SCAN_RETENTION_DAYS``; a
    confirmed scan keeps only which pages were confirmed (no picture, no name)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SCAN_RETENTION_DAYS)
    expired = Scan.objects.filter(created_at__lt=cutoff)
    count = 0
    for scan in expired.exclude(status=Scan.Status.CONFIRMED):
        scan_discard(scan=scan)
        count += 1
    for scan in expired.filter(status=Scan.Status.CONFIRMED):
        scan_files_delete(scan=scan)
        ScanRow.objects.filter(page__scan=scan).delete()
    return count
