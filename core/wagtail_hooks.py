import logging

from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.search.backends import get_search_backend

from core import page_cache
from core.selectors import pages_visible_to
from core.views import DraftlessPagesAdminAPIViewSet, DraftlessPageViewSet

logger = logging.getLogger(__name__)


class SearchIndexWarningPanel(Component):
    """A warning on the admin dashboard when the search index cannot be read."""

    name = "search_index_warning"
    order = 10

    def __init__(self, message: str, details: list[str] | None = None):
        self.message = message
        self.details = details or []

    def render_html(self, parent_context=None) -> str:
        details = format_html_join("", "<li>{}</li>", ((d,) for d in self.details))
        return format_html(
            '<section class="panel help-block help-warning" role="alert" '
            'aria-labelledby="search-index-warning-title" id="search-index-warning">'
            '<h2 id="search-index-warning-title">Site search is not working</h2>'
            "<p>{}</p>{}</section>",
            self.message,
            format_html("<ul>{}</ul>", details) if self.details else "",
        )


def search_index_health() -> tuple[bool, str]:
    """``(ok, message)`` from the search backend, if it can tell.

    Any failure of the check itself is a broken index as far as editors are
    concerned: the message says so and how to repair it.
    """
    check = getattr(get_search_backend(), "index_health", None)
    if check is None:
        return True, "The search backend does not report its health."
    try:
        return check()
    except Exception as error:  # noqa: BLE001 - shown to editors, not swallowed
        logger.exception("Search index health check failed")
        return False, (
            f"The search index could not be checked ({type(error).__name__}): "
            "run `manage.py update_index`."
        )


def search_index_gap_details() -> list[str]:
    """What the apps say about the objects missing from the index.

    Apps register ``describe_search_index_gap(model=..., missing=[pks])``
    hooks returning a line or None (the library names the texts whose
    sections are missing); ``core`` knows no app.
    """
    report = getattr(get_search_backend(), "index_report", None)
    if report is None:
        return []
    try:
        gaps = [gap for gap in report() if gap.missing]
    except Exception:  # noqa: BLE001 - the health message already says what failed
        return []
    lines = []
    for gap in gaps:
        for describe in hooks.get_hooks("describe_search_index_gap"):
            line = describe(model=gap.model, missing=gap.missing)
            if line:
                lines.append(line)
    return lines


@hooks.register("construct_homepage_panels")
def add_search_index_warning(request, panels):
    ok, message = search_index_health()
    if not ok:
        panels.insert(0, SearchIndexWarningPanel(message, search_index_gap_details()))


# Drafts are for those who may edit them: every admin listing of pages a user
# without that permission can reach shows live pages only.
@hooks.register("construct_page_chooser_queryset")
def hide_others_drafts_from_choosers(pages, request):
    return pages_visible_to(user=request.user, queryset=pages)


@hooks.register("construct_explorer_page_queryset")
def hide_others_drafts_from_explorer(parent_page, pages, request):
    return pages_visible_to(user=request.user, queryset=pages)


@hooks.register("construct_admin_api")
def register_draftless_pages_endpoint(router):
    router.register_endpoint("pages", DraftlessPagesAdminAPIViewSet)


# After Wagtail's own (order 0), so that this one is the base Page's viewset.
@hooks.register("register_admin_viewset", order=100)
def register_draftless_page_viewset():
    return DraftlessPageViewSet()


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    page_cache.mark_page_cacheable(page=page, request=request)
