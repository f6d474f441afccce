from .people import Branch, BranchRole, Member, Region, RegionalOfficer, Venue
from .programme import Attendance, ReadingGroup, Session

__all__ = [
    "Attendance",
    "Branch",
    "BranchRole",
    "Member",
    "ReadingGroup",
    "Region",
    "RegionalOfficer",
    "Session",
    "Venue",
]
