from .people import Branch, BranchRole, Member, Region, RegionalOfficer, Venue
from .programme import Attendance, ReadingGroup, Session, SessionReading

__all__ = [
    "Attendance",
    "Branch",
    "BranchRole",
    "Member",
    "ReadingGroup",
    "Region",
    "RegionalOfficer",
    "Session",
    "SessionReading",
    "Venue",
]
