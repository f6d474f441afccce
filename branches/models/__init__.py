from .audit import BRANCH_LOGGED_MODELS, BranchLogEntry
from .people import Branch, BranchRole, Member, Region, RegionalOfficer, Venue
from .programme import Attendance, ReadingGroup, Session, SessionReading

__all__ = [
    "Attendance",
    "BRANCH_LOGGED_MODELS",
    "Branch",
    "BranchLogEntry",
    "BranchRole",
    "Member",
    "ReadingGroup",
    "Region",
    "RegionalOfficer",
    "Session",
    "SessionReading",
    "Venue",
]
