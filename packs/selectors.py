"""Reads about packs: who may have the facilitator's edition, and a pack's source."""

from .documents import PackSource, pack_source_from_ref
from .models import PackFile
from .sessions import is_session_organiser


def pack_can_facilitate(*, user, source: PackSource) -> bool:
    """Facilitator editions are for the page's editors and, for a session, the
    organisers of its branch."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if source.kind == "session":
        if is_session_organiser(user=user, session=source.obj):
            return True
        pages = source.module_pages
    else:
        pages = [source.obj]
    return any(page.permissions_for_user(user).can_edit() for page in pages)


def pack_source_of(pack: PackFile) -> PackSource:
    ref = (
        f"session:{pack.source_id}"
        if pack.source_kind == "session"
        else str(pack.source_id)
    )
    return pack_source_from_ref(ref)
