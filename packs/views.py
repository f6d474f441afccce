from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from .documents import PackSourceError, pack_source, session_model
from .models import PackFile
from .options import ORGANISER_EDITIONS, PackOptions, PackOptionsError
from .selectors import booklet_forecasts, pack_can_facilitate, pack_source_of
from .services import pack_request, pack_retry
from .sessions import print_counts, sessions_to_print
from .sessions import title as session_title


@never_cache
def page_pack(request, page_id: int):
    """A module's or course's pack: the PDF at once if it is made, else the
    "preparing your pack" page (and the worker is asked to make it)."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    try:
        source = pack_source(page)
    except PackSourceError as error:
        raise Http404(str(error)) from error
    return _pack_response(request, source, reverse("packs:page", args=[page.pk]))


@never_cache
def session_pack(request, session_id: int):
    Session = session_model()
    if Session is None:
        raise Http404("Sessions are not available.")
    session = get_object_or_404(Session, pk=session_id)
    return _pack_response(
        request, pack_source(session), reverse("packs:session", args=[session.pk])
    )


def _pack_response(request, source, url: str):
    try:
        options = PackOptions.from_query(request.GET)
    except PackOptionsError as error:
        return HttpResponseBadRequest(str(error))
    if options.for_organisers and not pack_can_facilitate(
        user=request.user, source=source
    ):
        raise PermissionDenied(
            "A session's facilitator edition is for its branch's organisers; "
            "a module's is for its editors."
        )
    pack = pack_request(source=source, options=options)
    if request.GET.get("retry") and pack.status == PackFile.Status.FAILED:
        pack_retry(pack=pack)
    pack.refresh_from_db()
    if pack.is_ready:
        response = FileResponse(
            pack.file.open("rb"),
            as_attachment=True,
            filename=pack.download_name,
            content_type="application/pdf",
        )
        # Served from the private storage, to this reader only: no shared
        # cache keeps it, and nothing keeps a copy that names people.
        response["Cache-Control"] = (
            "private, no-store, max-age=0"
            if options.for_organisers
            else "private, max-age=0"
        )
        return response
    download_url = f"{url}?{options.as_query()}"
    return render(
        request,
        "packs/preparing.html",
        {
            "pack": pack,
            "options": options,
            "title": source.title,
            "download_url": download_url,
            "retry_url": f"{download_url}&retry=1",
            "status_url": reverse("packs:status", args=[pack.pk]),
        },
    )


@never_cache
def pack_status(request, pack_id: int):
    """For the "preparing" page's script: how far the pack has got."""
    pack = get_object_or_404(PackFile, pk=pack_id)
    if pack.edition in ORGANISER_EDITIONS:
        try:
            source = pack_source_of(pack)
        except PackSourceError as error:
            raise Http404(str(error)) from error
        if not pack_can_facilitate(user=request.user, source=source):
            raise PermissionDenied
    return JsonResponse(
        {
            "status": pack.status,
            "progress": pack.progress,
            "ready": pack.is_ready,
            "error": pack.error if pack.status == PackFile.Status.FAILED else "",
        }
    )


class PackFileViewSet(ModelViewSet):
    """Admin: the packs made, their status and, for a failed one, why."""

    model = PackFile
    icon = "doc-full"
    menu_label = "Printed packs"
    add_to_admin_menu = True
    menu_order = 900
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "title",
        "options_slug",
        "status",
        "progress",
        "error",
        "updated_at",
    ]
    list_filter = ["status", "edition", "size", "booklet"]
    search_fields = ["title", "key"]
    form_fields = ["title"]
    inspect_view_fields = [
        "title",
        "key",
        "options_slug",
        "status",
        "progress",
        "error",
        "page_count",
        "render_seconds",
        "created_at",
        "updated_at",
    ]


# --- The branch print page ----------------------------------------------

PRINT_BUTTONS = (
    PackOptions(edition="learner", size="clear"),
    PackOptions(edition="learner", size="large"),
    PackOptions(edition="learner", size="clear", booklet=True),
    PackOptions(edition="facilitator", size="clear"),
)
PRINT_EVERYTHING = PackOptions(edition="bundle", size="clear")


def _has_branches(user) -> bool:
    from branches.access import visible_branch_ids

    return bool(visible_branch_ids(user))


class PrintPageView(WagtailAdminTemplateMixin, TemplateView):
    """The branch's sessions of the coming month, each with a button per pack
    and edition, "print everything", and how many of each print size to print."""

    template_name = "packs/print_page.html"
    page_title = "Print packs"
    header_icon = "doc-full"
    DAYS = 31

    def dispatch(self, request, *args, **kwargs):
        from branches.access import check_branch, visible_branches

        if not _has_branches(request.user):
            raise PermissionDenied("The print page is for branch organisers.")
        self.branches = list(visible_branches(request.user).order_by("name"))
        self.branch = None
        branch_id = request.GET.get("branch")
        if branch_id:
            if not (
                branch_id.isascii() and branch_id.isdecimal() and len(branch_id) < 19
            ):
                raise Http404("No such branch.")
            check_branch(request.user, int(branch_id))
            self.branch = next(
                (b for b in self.branches if b.pk == int(branch_id)), None
            )
            if self.branch is None:  # staff who see every branch: no such id
                raise Http404("No such branch.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = list(
            sessions_to_print(
                user=self.request.user,
                days=self.DAYS,
                branch_id=self.branch.pk if self.branch else None,
            )
        )
        from branches.access import organised_branch_ids

        counts = print_counts(sessions)
        booklets = booklet_forecasts(session_ids=[s.pk for s in sessions])
        organised = organised_branch_ids(self.request.user)
        context.update(
            branches=self.branches,
            branch=self.branch,
            days=self.DAYS,
            sessions=[
                self._row(
                    session,
                    counts[session.pk],
                    names=organised is None or session.branch_id in organised,
                    booklet=booklets.get(session.pk),
                )
                for session in sessions
            ],
        )
        return context

    def _row(self, session, counts: dict, *, names: bool, booklet=None) -> dict:
        """``names``: the user may have what names the session's people (its
        facilitator edition, bundle and sign-in sheet); a regional officer
        sees the learners' packs and the counts only."""
        url = reverse("packs:session", args=[session.pk])
        return {
            "session": session,
            "title": session_title(session),
            "counts": counts,
            "booklet": booklet,
            "buttons": [
                {"label": options.label, "url": f"{url}?{options.as_query()}"}
                for options in PRINT_BUTTONS
                if names or not options.for_organisers
            ],
            "everything_url": f"{url}?{PRINT_EVERYTHING.as_query()}" if names else "",
        }


class PrintPageViewSet(ViewSet):
    """Admin: the branch print page, in the menu for those with a branch."""

    name = "packs_print"
    url_prefix = "packs/print"
    icon = "doc-full"
    menu_label = "Print packs"
    menu_order = 260
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [path("", PrintPageView.as_view(), name="index")]

    @property
    def menu_item_class(self):
        class PrintPageMenuItem(MenuItem):
            def is_shown(self, request):
                return _has_branches(request.user)

        return PrintPageMenuItem
