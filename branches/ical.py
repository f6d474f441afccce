"""iCalendar (RFC 5545) by hand: a feed is a handful of lines, no library needed."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from .models import Session

CRLF = "\r\n"


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (3.1), never inside a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return (CRLF + " ").join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(*, name: str, sessions: Iterable[Session], host: str, base_url: str) -> str:
    now = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Study Circle//Branch sessions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for session in sessions:
        description = []
        if session.module_id:
            description.append(f"Studying: {session.module.title}")
        readings = [r.citation for r in session.library_reading_list]
        readings += session.other_reading_lines
        if readings:
            description.append("Readings: " + "; ".join(readings))
        if session.venue_id and session.venue.access_notes:
            description.append(f"Access: {session.venue.access_notes}")
        location = ""
        if session.venue_id:
            location = ", ".join(
                part for part in [session.venue.name, " ".join(session.venue.address.split())] if part
            )
        lines += [
            "BEGIN:VEVENT",
            f"UID:branch-session-{session.pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(session.ends_at)}",
            f"SUMMARY:{escape_text(session.display_title)}",
        ]
        if location:
            lines.append(f"LOCATION:{escape_text(location)}")
        if description:
            lines.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
        lines += [f"URL:{base_url}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
