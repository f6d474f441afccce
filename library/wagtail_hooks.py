from collections import Counter

from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .demo import demo_library_load
from .models import LibraryIndexPage, TextPage, TextSection
from .tasks import sections_index_state_record
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


@hooks.register("after_search_index_update")
def record_sections_indexed(*, kind: str, objects: dict):
    """After a rebuild every section is indexed as it is now: note that, or
    the first edit of each text would re-index all its sections."""
    if kind == "rebuild":
        count = sections_index_state_record()
        return f"Recorded {count} library sections as indexed"
    return None


@hooks.register("describe_search_index_gap")
def describe_missing_sections(*, model, missing):
    """Which texts the sections missing from the search index belong to."""
    if model is not TextSection:
        return None
    titles = TextSection.objects.filter(pk__in=missing).values_list(
        "page__title", flat=True
    )
    counts = Counter(titles)
    return "Sections missing from search: " + "; ".join(
        f"{title} ({count})" for title, count in counts.most_common()
    )


@hooks.register("before_serve_document")
def originals_of_unpublished_texts_for_editors_only(document, request):
    """An imported text's original file is as public as the text: while no text
    that keeps it is live (a draft, a withdrawn text), only those who may edit
    one of them can download it; for anyone else it does not exist."""
    texts = TextPage.objects.filter(original_file=document)
    if not texts.exists() or texts.live().exists():
        return None
    user = request.user
    if any(text.permissions_for_user(user).can_edit() for text in texts):
        return None
    raise Http404


@hooks.register("register_page_cache_models")
def library_page_cache_models():
    """What a text's public pages show besides the page itself (core.page_cache)."""
    return ["library.author", "library.textsection", "library.texttag"]
