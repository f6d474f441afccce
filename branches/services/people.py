"""Writes about members: subject access, erasure, retention and imports."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log

from ..events import people_listed_changed
from ..models import Attendance, Branch, Member
from .actions import (
    MEMBER_ERASED,
    MEMBER_EXPORTED,
    MEMBERS_IMPORTED,
)

Status = Attendance.Status


def member_subject_access(*, member: Member, user) -> dict:
    """Everything held about a member, for a subject access request."""
    data = {
        "member": {
            "id": member.pk,
            "branch": member.branch.name,
            "name": member.name,
            "preferred_name": member.preferred_name,
            "email": member.email,
            "phone": member.phone,
            "joined_on": member.joined_on.isoformat(),
            "prefers_paper": member.prefers_paper,
            "large_print": member.large_print,
            "access_needs": member.access_needs,
            "consent_on": member.consent_on.isoformat() if member.consent_on else None,
            "consent_basis": member.get_consent_basis_display()
            if member.consent_basis
            else "",
            # The address given, not whether an account uses it (account_links).
            "learner_account_email": member.account_email,
            "created_at": member.created_at.isoformat(),
        },
        "attendance": [
            {
                "session": str(a.session),
                "date": a.session.date.isoformat(),
                "status": a.get_status_display(),
                "recorded_at": a.recorded_at.isoformat(),
            }
            for a in member.attendances.select_related(
                "session", "session__group"
            ).order_by("session__date")
        ],
    }
    # What the apps above us hold about the member (assembly: proposals and
    # ballots; consultations: feedback): each hook returns a dict, merged in.
    for export in hooks.get_hooks("register_member_data_export"):
        data.update(export(member=member))
    log(instance=member, action=MEMBER_EXPORTED, user=user)
    return data


def member_erase(*, member: Member, user) -> None:
    """Remove a member's personal data; their attendance rows stay, nameless.

    The audit log needs no rewriting: its labels never carried the name
    (``branches.models.audit``).
    """
    with transaction.atomic():
        # The apps above us remove the person from what they hold, keeping the
        # counts (assembly: ballots and proposals; consultations: feedback).
        for erase in hooks.get_hooks("register_member_data_erase"):
            erase(member=member)
        member.erase()
        member.save()
        people_listed_changed.send(
            sender=Member, branch_id=member.branch_id, session_ids=None
        )
        log(instance=member, action=MEMBER_ERASED, user=user)


def members_anonymise_inactive(
    *, years: int | None = None, today: datetime.date | None = None
) -> int:
    """Erase members with no attendance (and no joining) for ``years`` years."""
    years = settings.MEMBER_RETENTION_YEARS if years is None else years
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    stale = (
        Member.objects.filter(erased_at__isnull=True, joined_on__lt=cutoff)
        .annotate(last_seen=Max("attendances__session__date"))
        .filter(Q(last_seen__isnull=True) | Q(last_seen__lt=cutoff))
    )
    count = 0
    for member in stale.iterator():
        member_erase(member=member, user=None)
        count += 1
    return count


# CSV import -----------------------------------------------------------------

IMPORT_COLUMNS = [
    "name",
    "preferred_name",
    "email",
    "phone",
    "joined_on",
    "prefers_paper",
    "large_print",
    "access_needs",
    "consent_on",
    "consent_basis",
]


@dataclass
class ImportResult:
    rows: int
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def members_import_csv(
    *, branch: Branch, data: bytes | str, user, good_rows_only: bool = False
) -> ImportResult:
    """Import members from a spreadsheet's CSV.

    Every bad row is reported with its line number; nothing is imported until
    the file is clean, unless ``good_rows_only`` asks for the good rows.
    """
    from ..forms import MemberImportRowForm

    if isinstance(data, bytes):
        data = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(data, newline=""))
    headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    if "name" not in headers:
        return ImportResult(
            rows=0,
            errors=[(1, "The first line must name the columns, with at least “name”.")],
        )
    unknown = [h for h in headers if h and h not in IMPORT_COLUMNS]
    if unknown:
        return ImportResult(
            rows=0,
            errors=[
                (
                    1,
                    "Unknown columns: "
                    + ", ".join(unknown)
                    + ". Known: "
                    + ", ".join(IMPORT_COLUMNS)
                    + ".",
                )
            ],
        )
    good, result = [], ImportResult(rows=0)
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        result.rows += 1
        line = reader.line_num
        if None in row:
            result.errors.append(
                (line, "This row has more cells than there are columns.")
            )
            continue
        form = MemberImportRowForm({k: (v or "").strip() for k, v in row.items()})
        if form.is_valid():
            good.append(Member(branch=branch, **form.cleaned_data))
        else:
            problems = "; ".join(
                f"{name.replace('_', ' ')}: {' '.join(errs)}"
                if name != "__all__"
                else " ".join(errs)
                for name, errs in form.errors.items()
            )
            result.errors.append((line, problems))
    if result.errors and not good_rows_only:
        return result
    with transaction.atomic():
        Member.objects.bulk_create(good)
        log(
            instance=branch,
            action=MEMBERS_IMPORTED,
            user=user,
            data={"imported": len(good)},
        )
    result.imported = len(good)
    return result
