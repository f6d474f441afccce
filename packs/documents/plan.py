"""The facilitator's session plan, which opens the facilitator's edition: the
agenda on the clock, a warning when it runs past the end, what to bring, and
the facilitator notes gathered from the module (they stay in place too).

The times are the module's agenda (``ModulePage.agenda_of``, read through the
pack's items, which carry its starts and minutes): nothing is added up here
but clock arithmetic."""

import datetime
from dataclasses import dataclass, field

from .parts import PackPart


@dataclass
class PlanEntry:
    label: str
    minutes: int
    start: int  # minutes from the start, as the agenda says
    clock: str  # "19:15", or "0:15" when the session's start is not known
    anchor: str


@dataclass
class SessionPlan:
    entries: list[PlanEntry] = field(default_factory=list)
    total_minutes: int = 0
    starts_at: str = ""
    ends_at: str = ""
    overrun: str = ""  # the warning, if the agenda runs past the end
    needs: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    print_counts: str = ""

    def __bool__(self) -> bool:
        return bool(self.entries or self.needs or self.notes or self.print_counts)


def _clock(start: datetime.time | None, minutes: int) -> str:
    if start is None:
        hours, mins = divmod(minutes, 60)
        return f"{hours}:{mins:02d}"
    moment = datetime.datetime.combine(datetime.date(2000, 1, 1), start)
    return f"{moment + datetime.timedelta(minutes=minutes):%H:%M}"


def _minutes_between(start: datetime.time, end: datetime.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _overrun(*, total: int, start, end) -> str:
    if start is None or end is None:
        return ""
    length = _minutes_between(start, end)
    if length <= 0 or total <= length:
        return ""
    over = total - length
    return (
        f"The timings add up to {total} minutes and run {over} minutes past the "
        f"session's end at {end:%H:%M} (it has {length} minutes). Decide before "
        "the session what to shorten or leave out."
    )


def session_plan(
    *, parts: list[PackPart], start=None, end=None, print_counts: str = ""
) -> SessionPlan:
    """The plan of the parts' timed items from ``start`` (a ``datetime.time``,
    the session's start; None for a module printed on its own)."""
    plan = SessionPlan(print_counts=print_counts)
    for part in parts:
        for item in part.items:
            block_type, value = item.block.block_type, item.block.value
            if item.minutes:
                plan.entries.append(
                    PlanEntry(
                        label=item.label,
                        minutes=item.minutes,
                        start=item.start,
                        clock=_clock(start, item.start),
                        anchor=item.anchor,
                    )
                )
            if block_type == "activity" and (value.get("materials") or "").strip():
                plan.needs.append(
                    {
                        "what": value["materials"].strip(),
                        "for": value.get("title") or "the activity",
                        "anchor": item.anchor,
                    }
                )
            if block_type == "facilitator_note":
                plan.notes.append({"note": value.get("note"), "anchor": item.anchor})
    if plan.entries:
        last = plan.entries[-1]
        plan.total_minutes = last.start + last.minutes
        plan.starts_at = _clock(start, 0)
        plan.ends_at = _clock(start, plan.total_minutes)
    plan.overrun = _overrun(total=plan.total_minutes, start=start, end=end)
    return plan
