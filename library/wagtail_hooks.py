from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

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
        from .models import LibraryIndexPage

        return any(
            library.permissions_for_user(request.user).can_add_subpage()
            for library in LibraryIndexPage.objects.all()
        )


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import texts", reverse("library_import"), icon_name="upload", order=350
    )
