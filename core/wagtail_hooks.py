from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from core.search import index_health
from core.selectors import pages_visible_to
from core.views import DraftlessPagesAdminAPIViewSet, DraftlessPageViewSet


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


@hooks.register("construct_homepage_panels")
def add_search_index_warning(request, panels):
    ok, message = index_health()
    if not ok:
        panels.insert(0, SearchIndexWarningPanel(message))


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
