"""Writes: the register, repeating sessions, imports, erasure and retention.

``programme`` holds what concerns sessions and their registers, ``people``
what concerns members; both are re-exported here, the app's one entry point.
"""

from .actions import (
    MEMBER_ERASED,
    MEMBER_EXPORTED,
    MEMBERS_IMPORTED,
    REGISTER_CLOSED,
    REGISTER_SAVED,
    REGISTER_SAVED_FROM_SHEET,
    REPORT_EXPORTED,
    RegisterSource,
)
from .people import (
    IMPORT_COLUMNS,
    ImportResult,
    member_erase,
    member_subject_access,
    members_anonymise_inactive,
    members_import_csv,
)
from .programme import (
    RegisterConflict,
    RegisterError,
    RegisterInput,
    RegisterResult,
    expected_members,
    register_close,
    register_parse,
    register_save,
    session_recount,
    sessions_create_repeating,
)

__all__ = [
    "IMPORT_COLUMNS",
    "MEMBERS_IMPORTED",
    "MEMBER_ERASED",
    "MEMBER_EXPORTED",
    "REGISTER_CLOSED",
    "REGISTER_SAVED",
    "REGISTER_SAVED_FROM_SHEET",
    "REPORT_EXPORTED",
    "ImportResult",
    "RegisterConflict",
    "RegisterError",
    "RegisterInput",
    "RegisterResult",
    "RegisterSource",
    "expected_members",
    "member_erase",
    "member_subject_access",
    "members_anonymise_inactive",
    "members_import_csv",
    "register_close",
    "register_parse",
    "register_save",
    "session_recount",
    "sessions_create_repeating",
]
