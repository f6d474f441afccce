"""Packs that name people are replaced when the people change.

A session's facilitator edition and bundle print its sign-in sheet. When a
member is erased, edited or deleted, or a register changes, the packs that
may have named them are deleted with their files at once (the revision
fingerprint would only make new ones beside them); those of sessions still
to come are queued to be made again once the change is committed.
"""

from django.db import transaction
from django.utils import timezone

from .documents import pack_source, session_model
from .models import PackFile
from .options import ORGANISER_EDITIONS


def packs_naming_people_replace(*, branch_id: int, session_ids=None) -> int:
    """Delete the packs of the branch's sessions (or of ``session_ids``) that
    print names, and queue again those of sessions from today on. Returns how
    many were deleted."""
    Session = session_model()
    if Session is None:
        return 0
    sessions = Session.objects.filter(branch_id=branch_id)
    if session_ids is not None:
        sessions = sessions.filter(pk__in=list(session_ids))
    packs = list(
        PackFile.objects.filter(
            source_kind="session",
            edition__in=ORGANISER_EDITIONS,
            source_id__in=sessions.values("pk"),
        )
    )
    if not packs:
        return 0
    coming = set(
        sessions.filter(date__gte=timezone.localdate()).values_list("pk", flat=True)
    )
    remake = {(p.source_id, p.edition, p.size, p.booklet) for p in packs}
    remake = {item for item in remake if item[0] in coming}
    for pack in packs:
        if pack.file:
            pack.file.delete(save=False)
    PackFile.objects.filter(pk__in=[p.pk for p in packs]).delete()
    if remake:
        transaction.on_commit(lambda: _remake(remake))
    return len(packs)


def _remake(remake) -> None:
    from .options import PackOptions
    from .services import pack_request

    Session = session_model()
    sessions = Session.objects.in_bulk({item[0] for item in remake})
    for session_id, edition, size, booklet in sorted(remake):
        session = sessions.get(session_id)
        if session is not None:
            pack_request(
                source=pack_source(session),
                options=PackOptions(edition=edition, size=size, booklet=booklet),
            )
