"""Session records: written after a session, approved at a later one."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from branches.models import Session

from ..models import Action, SessionRecord
from ..models.records import RECORD_FIELD_MAX_CHARS
from .errors import AssemblyError


@dataclass
class ActionInput:
    who: str
    what: str
    by_when: datetime.date | None = None


def _clean_text(label: str, value: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise AssemblyError(f"Please write {label}.")
    if len(value) > RECORD_FIELD_MAX_CHARS:
        raise AssemblyError(
            f"Please keep {label} to {RECORD_FIELD_MAX_CHARS:,} characters."
        )
    return value


def record_save(
    *,
    session: Session,
    discussed: str,
    agreed: str,
    asks: str,
    new_actions: list[ActionInput],
    user,
    seen_updated_at: datetime.datetime | None,
) -> SessionRecord:
    """Write or edit a session's draft record and add actions.

    ``seen_updated_at`` is the version the form showed: if someone saved the
    record since, nothing is saved and the writer is told, rather than one
    secretary's words silently replacing another's."""
    if session.date > timezone.localdate():
        raise AssemblyError(
            "A record can be written on the day of the session or after."
        )
    discussed = _clean_text("what you discussed", discussed, required=True)
    agreed = _clean_text("what you agreed", agreed)
    asks = _clean_text("what you ask the branch or party", asks)
    for action in new_actions:
        if not action.who.strip() or not action.what.strip():
            raise AssemblyError(
                "Each action needs who will do it and what they will do."
            )
        if len(action.who) > 150 or len(action.what) > 300:
            raise AssemblyError("Keep an action to a line: who (150) and what (300).")
    with transaction.atomic():
        record = (
            SessionRecord.objects.select_for_update().filter(session=session).first()
        )
        if record is not None:
            if record.approved_at is not None:
                raise AssemblyError(
                    "This record has been approved and can no longer change."
                )
            if seen_updated_at is None or record.updated_at != seen_updated_at:
                raise AssemblyError(
                    "Someone saved this record while you were writing: nothing of "
                    "yours was saved. Their version is shown; add your changes to it."
                )
        else:
            record = SessionRecord(session=session, branch_id=session.branch_id)
        record.discussed, record.agreed, record.asks = discussed, agreed, asks
        record.written_by = user
        record.updated_at = timezone.now()
        record.save()
        Action.objects.bulk_create(
            Action(
                record=record, who=a.who.strip(), what=a.what.strip(), by_when=a.by_when
            )
            for a in new_actions
        )
    return record


def record_approve(*, record_id: int, user) -> SessionRecord:
    """The next session approves the record (one click): who, when and at
    which session. Only once a later session of the group has met."""
    with transaction.atomic():
        record = (
            SessionRecord.objects.select_for_update()
            .select_related("session")
            .filter(pk=record_id)
            .first()
        )
        if record is None:
            raise AssemblyError("There is no such record.")
        if record.approved_at is not None:
            raise AssemblyError("This record is already approved.")
        later = next_session(record.session)
        if later is None or later.date > timezone.localdate():
            raise AssemblyError(
                "A record is approved at the group's next session: it has not met yet."
            )
        record.approved_at = timezone.now()
        record.approved_by = user
        record.approved_at_session = later
        record.save(update_fields=["approved_at", "approved_by", "approved_at_session"])
    return record


def next_session(session: Session) -> Session | None:
    """The group's (or, for a one-off, the branch's) next session after this one."""
    later = Session.objects.filter(
        branch_id=session.branch_id, group_id=session.group_id
    )
    return (
        (
            later.filter(date__gt=session.date)
            | later.filter(date=session.date, start_time__gt=session.start_time)
        )
        .order_by("date", "start_time", "pk")
        .first()
    )


def action_mark_done(
    *, action_id: int, branch_ids: set[int] | None, done: bool = True
) -> Action:
    """Mark an action done (or not); ``branch_ids`` limits it to the user's
    branches (``None``: every branch)."""
    with transaction.atomic():
        actions = Action.objects.select_for_update().filter(pk=action_id)
        if branch_ids is not None:
            actions = actions.filter(record__branch_id__in=branch_ids)
        action = actions.first()
        if action is None:
            raise AssemblyError("There is no such action.")
        action.done_at = timezone.now() if done else None
        action.save(update_fields=["done_at"])
    return action
