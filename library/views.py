from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
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
    """Admin: upload files for the same import as ``manage.py import_texts``.

    The import runs in the task worker; the request only keeps the files and
    sends the editor to the job's status page.
    """
    from .import_jobs import import_job_start

    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        library = form.cleaned_data["library"]
        if not library.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        job = import_job_start(
            files=form.cleaned_data["files"],
            library=library,
            publish=form.cleaned_data["publish"],
            user=request.user,
        )
        return redirect("library_import_status", job.pk)
    return render(request, "library/admin/import.html", {"form": form})


def import_status(request, pk):
    """Admin: an import's progress and report; JSON with ``?format=json``."""
    from .import_jobs import import_job_status
    from .models import ImportJob

    job = get_object_or_404(ImportJob, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    status = import_job_status(job=job)
    if request.GET.get("format") == "json":
        return JsonResponse(status)
    return render(request, "library/admin/import_status.html", {"job": status})
