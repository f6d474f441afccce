from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .demo import demo_library_load
from .models import LibraryIndexPage
from .views import AuthorViewSet, import_status, import_upload

register_snippet(AuthorViewSet)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("library/import/", import_upload, name="library_import"),
        path("library/import/<int:pk>/", import_status, name="library_import_status"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return any(
            library.permissions_for_user(request.user).can_add_subpage()
            for library in LibraryIndexPage.objects.all()
        )


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import texts", reverse("library_import"), icon_name="upload", order=350
    )


# ``load_demo`` (core.demo): after the Courses section (10), before the course (30).
hooks.register("register_demo_loader", demo_library_load, order=20)
