"""Writes: taking an upload in, reading it, confirming it, forgetting it."""

from .confirm import (
    ConfirmRefused,
    ConfirmRow,
    confirm_rows,
    scan_confirm,
    scan_discard,
    scans_delete_expired,
)
from .intake import UploadRefused, scan_upload
from .reading import scan_files_delete, scan_read

__all__ = [
    "ConfirmRefused",
    "ConfirmRow",
    "UploadRefused",
    "confirm_rows",
    "scan_confirm",
    "scan_discard",
    "scan_files_delete",
    "scan_read",
    "scan_upload",
    "scans_delete_expired",
]
