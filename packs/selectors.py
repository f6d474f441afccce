"""Reads about packs: who may have the facilitator's edition, and a pack's source."""

from .documents import PackSource, pack_source_from_ref
from .models import PackFile
from .sessions import is_session_organiser


def pack_can_facilitate(*, user, source: PackSource) -> bool:
    """Who may have a source's facilitator edition (and bundle).

    A session's names the people expected at it (its sign-in sheet): only the
    organisers of its branch and national staff, never the editors of its
    module, who have the module's facilitator pack, which names nobody. A
    module's or course's is for those who may edit it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if source.kind == "session":
        return is_session_organiser(user=user, session=source.obj)
    if user.is_superuser:
        return True
    return source.obj.permissions_for_user(user).can_edit()


def pack_source_of(pack: PackFile) -> PackSource:
    ref = (
        f"session:{pack.source_id}"
        if pack.source_kind == "session"
        else str(pack.source_id)
    )
    return pack_source_from_ref(ref)
