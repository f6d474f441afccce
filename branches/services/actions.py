"""Audit log actions of the branches app, registered in wagtail_hooks.py."""

REGISTER_SAVED = "branches.register_saved"
# The same save, from a photographed sign-in sheet the organiser confirmed (scans).
REGISTER_SAVED_FROM_SHEET = "branches.register_saved_from_sheet"
REGISTER_CLOSED = "branches.register_closed"
REPORT_EXPORTED = "branches.report_exported"
MEMBER_EXPORTED = "branches.member_exported"
MEMBER_ERASED = "branches.member_erased"
MEMBERS_IMPORTED = "branches.members_imported"


class RegisterSource:
    """Where a register's marks came from, as the audit log records it."""

    FORM = "register form"
    SCANNED_SHEET = "scanned sheet"


SAVE_ACTIONS = {
    RegisterSource.FORM: REGISTER_SAVED,
    RegisterSource.SCANNED_SHEET: REGISTER_SAVED_FROM_SHEET,
}
