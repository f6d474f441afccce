import logging

from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)


class SearchIndexWarningPanel(Component):
    """A warning on the admin dashboard when the search index cannot be read."""

    name = "search_index_warning"
    order = 10

    def __init__(self, message: str):
        self.message = message

    def render_html(self, parent_context=None) -> str:
        return format_html(
            '<section class="panel help-block help-warning" role="alert" '
            'aria-labelledby="search-index-warning-title" id="search-index-warning">'
            '<h2 id="search-index-warning-title">Site search is not working</h2>'
            "<p>{}</p></section>",
            self.message,
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


@hooks.register("construct_homepage_panels")
def add_search_index_warning(request, panels):
    ok, message = search_index_health()
    if not ok:
        panels.insert(0, SearchIndexWarningPanel(message))
