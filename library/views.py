from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import ImportForm
from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name", "dates"]
    search_fields = ["name", "sort_name"]
    ordering = ["sort_name", "name"]


def import_upload(request):
    """Admin: upload files for the same import as ``manage.py import_texts``."""
    from .services import sources_from_uploads, texts_import

    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        library = form.cleaned_data["library"]
        if not library.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        uploads = {f.name: f.read() for f in form.cleaned_data["files"]}
        report = texts_import(
            sources=sources_from_uploads(files=uploads),
            library=library,
            publish=form.cleaned_data["publish"],
            user=request.user,
        )
        for line in report.lines:
            (messages.error if line.startswith("Failed") else messages.success)(
                request, line
            )
        messages.info(request, report.summary)
        return redirect("library_import")
    return render(request, "library/admin/import.html", {"form": form})
