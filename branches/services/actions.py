"""Audit log actions of the branches app, registered in wagtail_hooks.py."""

REGISTER_SAVED = "branches.register_saved"
REGISTER_CLOSED = "branches.register_closed"
REPORT_EXPORTED = "branches.report_exported"
MEMBER_EXPORTED = "branches.member_exported"
MEMBER_ERASED = "branches.member_erased"
MEMBERS_IMPORTED = "branches.members_imported"
