"""Writes about sessions: the register (parse, save, close), tallies and
repeating sessions."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from wagtail.log_actions import log

from ..events import people_listed_changed
from ..models import Attendance, Branch, Member, ReadingGroup, Session, Venue
from .actions import REGISTER_CLOSED, SAVE_ACTIONS, RegisterSource

Status = Attendance.Status


def session_recount(*, session_ids) -> None:
    """Recount the tally of sessions from their marks, in one UPDATE.

    Called inside the transaction of every register write, with the session
    row locked, so the tally always matches the marks.
    """
    tally = {}
    for status in Status.values:
        marks = (
            Attendance.objects.filter(session_id=OuterRef("pk"), status=status)
            .order_by()
            .values("session_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        tally[f"{status}_count"] = Coalesce(
            Subquery(marks, output_field=IntegerField()), 0
        )
    Session.objects.filter(pk__in=session_ids).update(**tally)


class RegisterError(Exception):
    """A register submission that was refused; nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class RegisterInput:
    statuses: dict[int, str] = field(default_factory=dict)
    walk_ins: list[str] = field(default_factory=list)
    # What each row showed when the form was loaded ("" for unmarked); a row
    # without it (an older form, a script) is written as sent.
    shown: dict[int, str] = field(default_factory=dict)


def _row_id(raw) -> int | None:
    """A member id from a form, or None: ``isdigit`` accepts "²", which
    ``int`` refuses, and ``int`` refuses more than 4,300 digits."""
    raw = str(raw)
    if raw.isascii() and raw.isdecimal() and len(raw) < 19:
        return int(raw)
    return None


def register_parse(*, data) -> RegisterInput:
    """Read a register POST (``member`` ids, ``status-<id>``, ``walk_in`` names).

    Checks the shape only; whether the members belong to the session's branch
    is checked by ``register_save`` inside its transaction.
    """
    errors = []
    raw_ids = data.getlist("member")
    member_ids: list[int] = []
    for raw in raw_ids:
        if _row_id(raw) is None:
            errors.append(f"“{str(raw)[:40]}” is not a member on this register.")
            continue
        member_ids.append(_row_id(raw))
    seen, duplicates = set(), set()
    for member_id in member_ids:
        (duplicates if member_id in seen else seen).add(member_id)
    if duplicates:
        errors.append(
            "Some members appear more than once: "
            + ", ".join(str(i) for i in sorted(duplicates))
            + ". Reload the register and try again."
        )
    statuses: dict[int, str] = {}
    for key in data:
        if not key.startswith("status-"):
            continue
        raw_id = key.removeprefix("status-")
        values = data.getlist(key)
        if _row_id(raw_id) not in seen:
            errors.append(
                f"A mark was sent for “{raw_id[:40]}”, who is not on this register."
            )
            continue
        if len(values) > 1:
            errors.append(f"Member {raw_id} was marked more than once.")
            continue
        value = values[0]
        if value == "":
            continue
        if value not in Status.values:
            errors.append(
                f"“{value}” is not a register mark: use Present, Late, Apologies or Absent."
            )
            continue
        statuses[int(raw_id)] = value
    shown = _shown_parse(data=data, listed=seen, errors=errors)
    walk_ins = []
    for name in data.getlist("walk_in"):
        name = " ".join(name.split())
        if not name:
            continue
        if len(name) > 150:
            errors.append("A walk-in's name is longer than 150 characters.")
            continue
        walk_ins.append(name)
    if errors:
        raise RegisterError(errors)
    return RegisterInput(statuses=statuses, walk_ins=walk_ins, shown=shown)


def _shown_parse(*, data, listed: set[int], errors: list[str]) -> dict[int, str]:
    """The ``was-<id>`` fields: the mark each row showed when the form loaded."""
    shown = {}
    for key in data:
        if not key.startswith("was-"):
            continue
        raw_id, value = key.removeprefix("was-"), data.get(key, "")
        if _row_id(raw_id) not in listed:
            errors.append(
                f"A mark was sent for “{raw_id[:40]}”, who is not on this register."
            )
        elif value and value not in Status.values:
            errors.append(
                "The register form was damaged. Reload the register and try again."
            )
        else:
            shown[int(raw_id)] = value
    return shown


@dataclass
class RegisterConflict:
    """A row someone else changed after this form was loaded: left as they saved it."""

    member_id: int
    shown: str  # what this organiser's form showed
    theirs: str  # what is saved now
    yours: str  # what this organiser chose
    by: str = ""
    at: datetime.datetime | None = None


@dataclass
class RegisterResult:
    marked: int
    walk_ins: list[Member]
    conflicts: list[RegisterConflict] = field(default_factory=list)


def register_save(
    *, session: Session, entry: RegisterInput, user, source: str = RegisterSource.FORM
) -> RegisterResult:
    """Save a register in one transaction, with a fixed number of queries.

    The session row is locked first, so two organisers saving the same
    register one after the other both land: marks are upserted on the
    (session, member) constraint, and a walk-in whose name is already on the
    branch's list (perhaps added by the other organiser a moment ago) is that
    member, not a second one. Only rows the organiser changed are written
    (``_register_writes``): a row someone else changed since the form was
    loaded is returned as a conflict, not overwritten.
    """
    today = timezone.localdate()
    if session.date > today:
        early = {s for s in entry.statuses.values() if s != Status.APOLOGIES}
        if early or entry.walk_ins:
            raise RegisterError(
                ["Before the day of the session only apologies can be recorded."]
            )
    now = timezone.now()
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session.pk).values_list(
            "pk"
        ).get()
        ids = set(entry.statuses)
        if ids:
            found = set(
                Member.objects.filter(
                    branch_id=session.branch_id, pk__in=ids, erased_at__isnull=True
                ).values_list("pk", flat=True)
            )
            if ids - found:
                raise RegisterError(
                    [
                        "Some members are not on this branch's list: "
                        + ", ".join(str(i) for i in sorted(ids - found))
                        + ". Nothing was saved."
                    ]
                )
        walk_ins = _walk_ins(session=session, names=entry.walk_ins)
        statuses, conflicts = _register_writes(
            session=session, entry=entry, walk_ins=walk_ins
        )
        if statuses:
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        session_id=session.pk,
                        member_id=member_id,
                        status=status,
                        recorded_at=now,
                        recorded_by=user,
                    )
                    for member_id, status in statuses.items()
                ],
                update_conflicts=True,
                unique_fields=["session", "member"],
                update_fields=["status", "recorded_at", "recorded_by"],
            )
            session_recount(session_ids=[session.pk])
        _register_changed(
            session=session,
            user=user,
            action=SAVE_ACTIONS[source],
            data={
                "source": source,
                "marks": {str(k): v for k, v in sorted(statuses.items())},
                "walk_ins": [m.pk for m in walk_ins],
                "conflicts": [c.member_id for c in conflicts],
            },
        )
    return RegisterResult(marked=len(statuses), walk_ins=walk_ins, conflicts=conflicts)


def _register_writes(*, session, entry: RegisterInput, walk_ins) -> tuple[dict, list]:
    """The marks to write, and the conflicts, against the marks saved now.

    Runs under the session lock, so what it reads cannot change before the
    write. One query, whatever the size of the register.
    """
    ids = set(entry.statuses) | {m.pk for m in walk_ins}
    saved = (
        {
            a.member_id: a
            for a in Attendance.objects.filter(session_id=session.pk, member_id__in=ids)
            .select_related("recorded_by")
            .only(
                "member_id",
                "status",
                "recorded_at",
                "recorded_by__first_name",
                "recorded_by__last_name",
                "recorded_by__email",
            )
        }
        if ids
        else {}
    )
    writes, conflicts = {}, []
    for member_id, status in entry.statuses.items():
        now = saved[member_id].status if member_id in saved else ""
        if member_id not in entry.shown:
            writes[member_id] = status
            continue
        shown = entry.shown[member_id]
        if status == shown or status == now:
            continue  # not changed on this form, or already so
        if now != shown:
            mark = saved.get(member_id)
            by = mark.recorded_by if mark is not None else None
            conflicts.append(
                RegisterConflict(
                    member_id=member_id,
                    shown=shown,
                    theirs=now,
                    yours=status,
                    by=(by.get_full_name() or by.email) if by else "",
                    at=mark.recorded_at if mark is not None else None,
                )
            )
            continue
        writes[member_id] = status
    for member in walk_ins:
        if member.pk not in saved:
            writes.setdefault(member.pk, Status.PRESENT)
    return writes, conflicts


def _walk_ins(*, session: Session, names: list[str]) -> list[Member]:
    if not names:
        return []
    wanted = {}
    for name in names:
        wanted.setdefault(name.lower(), name)
    existing = {
        m.name.lower(): m
        for m in Member.objects.annotate(lower_name=Lower("name")).filter(
            branch_id=session.branch_id,
            erased_at__isnull=True,
            lower_name__in=list(wanted),
        )
    }
    new = [
        Member(branch_id=session.branch_id, name=name, joined_on=session.date)
        for key, name in wanted.items()
        if key not in existing
    ]
    if new:
        new = Member.objects.bulk_create(new)
    return list(existing.values()) + new


def expected_members(*, session: Session):
    """The members a register lists: the branch's, joined by the session's day."""
    return Member.objects.filter(
        branch_id=session.branch_id, erased_at__isnull=True, joined_on__lte=session.date
    ).order_by("name", "pk")


def register_close(*, session: Session, user) -> int:
    """Mark everyone still unmarked Absent and close the register."""
    now = timezone.now()
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session.pk).values_list(
            "pk"
        ).get()
        missing = list(
            expected_members(session=session)
            .exclude(
                Exists(
                    Attendance.objects.filter(
                        session_id=session.pk, member=OuterRef("pk")
                    )
                )
            )
            .values_list("pk", flat=True)
        )
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session_id=session.pk,
                    member_id=pk,
                    status=Status.ABSENT,
                    recorded_at=now,
                    recorded_by=user,
                )
                for pk in missing
            ],
            ignore_conflicts=True,
        )
        session.register_closed_at = now
        Session.objects.filter(pk=session.pk).update(register_closed_at=now)
        session_recount(session_ids=[session.pk])
        _register_changed(
            session=session, user=user, action=REGISTER_CLOSED, data={"absent": missing}
        )
    return len(missing)


def _register_changed(*, session: Session, user, action: str, data: dict) -> None:
    """After a register is written: packs that name its people are replaced
    (``people_listed_changed``) and the audit log records who did what."""
    people_listed_changed.send(
        sender=Session, branch_id=session.branch_id, session_ids=[session.pk]
    )
    log(instance=session, action=action, user=user, data=data)


def sessions_create_repeating(
    *,
    branch: Branch,
    group: ReadingGroup | None,
    first_date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None,
    every_weeks: int,
    count: int,
    venue: Venue | None = None,
    facilitator: str = "",
    title: str = "",
) -> list[Session]:
    """Every ``every_weeks`` weeks from ``first_date``, ``count`` sessions."""
    sessions = [
        Session(
            branch=branch,
            group=group,
            title=title,
            date=first_date + datetime.timedelta(weeks=every_weeks * i),
            start_time=start_time,
            end_time=end_time,
            venue=venue,
            facilitator=facilitator,
        )
        for i in range(count)
    ]
    with transaction.atomic():
        return Session.objects.bulk_create(sessions)
