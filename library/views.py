from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from wagtail.snippets.views.snippets import SnippetViewSet

from . import selectors
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


SCOPES = [("all", "Everything"), ("library", "Library texts"), ("courses", "Courses")]


@require_GET
def search(request):
    """Site search: every page type the backend indexes, and library passages."""
    query = selectors.query_clean(raw=request.GET.get("q", ""))
    operator = "or" if request.GET.get("operator") == "or" else "and"
    scope = request.GET.get("scope", "all")
    if scope not in dict(SCOPES):
        scope = "all"
    context = {"query": query, "operator": operator, "scope": scope, "scopes": SCOPES}
    if query:
        context.update(
            selectors.site_search(
                query=query,
                operator=operator,
                scope=scope,
                page_number=request.GET.get("page"),
            )
        )
        if not context["hits"] and not context["passages"]:
            context["suggestion"] = selectors.did_you_mean(query=query)
    return render(request, "search/search.html", context)


@require_GET
def autocomplete(request):
    suggestions = selectors.autocomplete_suggestions(prefix=request.GET.get("q", ""))
    return JsonResponse({"results": suggestions})


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
