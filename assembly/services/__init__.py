"""Writes: proposals, polls and ballots (``votes``), session records
(``records``), and a member's data (``people``). Re-exported here."""

from .errors import AssemblyError
from .people import member_assembly_data, member_assembly_erase
from .records import action_mark_done, record_approve, record_save
from .secretaries import secretary_appoint, secretary_remove
from .votes import (
    ballot_cast,
    ballot_key_paper,
    poll_close,
    poll_open,
    proposal_create,
)

__all__ = [
    "AssemblyError",
    "action_mark_done",
    "ballot_cast",
    "ballot_key_paper",
    "member_assembly_data",
    "member_assembly_erase",
    "poll_close",
    "poll_open",
    "proposal_create",
    "record_approve",
    "record_save",
    "secretary_appoint",
    "secretary_remove",
]
