from wagtail import hooks

from .views import PackFileViewSet, PrintPageViewSet


@hooks.register("register_admin_viewset")
def register_pack_file_viewset():
    return PackFileViewSet("printed_packs")


@hooks.register("register_admin_viewset")
def register_print_page_viewset():
    return PrintPageViewSet()
