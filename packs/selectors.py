"""Reads about packs: who may have the facilitator's edition, and a pack's source."""

from .booklet import booklet_forecast
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


# A5 pages of a made booklet: the imposed sheets' sides (two A5 pages each),
# after the instructions sheet's two sides. An A5 page holds about half an A4.
_BOOKLET_SLUG = "learner-clear-booklet"
_A4_SLUG = "learner-clear"


def booklet_forecasts(*, session_ids) -> dict[int, dict]:
    """For each session whose learner's booklet or clear-print pack has been
    made, how many sheets and sections its booklet takes (``booklet_forecast``):
    counted from the newest booklet, else estimated from the newest A4 pack.
    One query."""
    rows = (
        PackFile.objects.filter(
            source_kind="session",
            source_id__in=list(session_ids),
            options_slug__in=[_BOOKLET_SLUG, _A4_SLUG],
            status=PackFile.Status.READY,
            page_count__isnull=False,
        )
        .order_by("-updated_at")
        .values_list("source_id", "options_slug", "page_count")
    )
    newest: dict[tuple[int, str], int] = {}
    for source_id, slug, pages in rows:
        newest.setdefault((source_id, slug), pages)
    forecasts = {}
    for session_id in session_ids:
        made = newest.get((session_id, _BOOKLET_SLUG))
        a4 = newest.get((session_id, _A4_SLUG))
        if made is not None:
            a5_pages = max(made - 2, 0) * 2
            forecasts[session_id] = booklet_forecast(a5_pages=a5_pages, exact=True)
        elif a4 is not None:
            forecasts[session_id] = booklet_forecast(a5_pages=a4 * 2, exact=False)
    return forecasts
