from wagtail import hooks

from .readings import reading_print_links
from .views import PackFileViewSet, PrintPageViewSet


@hooks.register("register_admin_viewset")
def register_pack_file_viewset():
    return PackFileViewSet("printed_packs")


@hooks.register("register_admin_viewset")
def register_print_page_viewset():
    return PrintPageViewSet()


@hooks.register("register_text_print_links")
def register_reading_print_links(*, text, section=None):
    return reading_print_links(text=text, section=section)
