"""The register page's scanned sheets: upload, progress, check and confirm.

Every view is for the session's branch organisers (and national staff),
like the sign-in sheet itself: the pictures name who came.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from branches.access import check_branch, is_branch_organiser
from branches.models import Session

from .models import Scan, ScanRow
from .printing import sheet_pdf
from .selectors import row_image_png, session_scans
from .services import (
    ConfirmRefused,
    UploadRefused,
    confirm_rows,
    scan_confirm,
    scan_discard,
    scan_upload,
)
from .uploads import ScanUploadLimit


def session_for(request, pk: int) -> Session:
    """The session, if the user may handle its people on paper; 404/403 if not."""
    if not request.user.has_perm("branches.change_attendance"):
        raise PermissionDenied
    session = get_object_or_404(
        Session.objects.select_related("branch", "group"), pk=pk
    )
    check_branch(request.user, session.branch_id)
    if not is_branch_organiser(request.user, session.branch_id):
        raise PermissionDenied
    return session


def scan_for(request, pk: int) -> Scan:
    scan = get_object_or_404(Scan.objects.select_related("session"), pk=pk)
    scan.session = session_for(request, scan.session_id)
    return scan


def private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@method_decorator(csrf_exempt, name="dispatch")  # checked in post, after the limit
class ScanUploadView(WagtailAdminTemplateMixin, TemplateView):
    """Take or upload photos of the sheet (or a scanner's PDF).

    The upload's size is checked as it arrives (``uploads.ScanUploadLimit``),
    so the view reads the body itself: CSRF is checked after that check, on
    what was kept, and a refused upload changes nothing."""

    template_name = "scans/upload.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.session = session_for(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Scan the sign-in sheet: {self.session.display_title}"

    def get_page_subtitle(self):
        return f"{self.session.date:%A %-d %B %Y}"

    def get_context_data(self, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            scans=session_scans(session=self.session),
            errors=errors or [],
        )
        return context

    def get(self, request, *args, **kwargs):
        return private(super().get(request, *args, **kwargs))

    def refuse(self, message: str):
        return private(
            self.render_to_response(self.get_context_data(errors=[message]), status=400)
        )

    def post(self, request, *args, **kwargs):
        limit = ScanUploadLimit(request)
        request.upload_handlers.insert(0, limit)
        request.POST  # noqa: B018 - parse the body now, through the limit
        if limit.refused:
            return self.refuse(limit.refused)
        return self.upload(request)

    @method_decorator(csrf_protect)
    def upload(self, request):
        try:
            scan = scan_upload(
                session=self.session,
                uploads=request.FILES.getlist("files"),
                user=request.user,
            )
        except UploadRefused as error:
            return self.refuse(str(error))
        return redirect(reverse("scans:scan", args=[scan.pk]))


class ScanView(WagtailAdminTemplateMixin, TemplateView):
    """How far the reading has got; then every row to check, and Confirm."""

    template_name = "scans/scan.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.scan = scan_for(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Check the sign-in sheet: {self.scan.session.display_title}"

    def get_context_data(self, data=None, errors=None, row_errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        scan = self.scan
        rows = (
            confirm_rows(scan=scan, data=data)
            if scan.status == Scan.Status.READY
            else []
        )
        for item in rows:
            item.error = (row_errors or {}).get(item.row.pk, "")
        context.update(
            scan=scan,
            session=scan.session,
            pages=list(scan.pages.all()),
            rows=rows,
            unsure=sum(1 for item in rows if item.row.proposed == ScanRow.Mark.UNSURE),
            errors=errors or [],
            reading=scan.status in (Scan.Status.QUEUED, Scan.Status.READING),
        )
        return context

    def get(self, request, *args, **kwargs):
        return private(super().get(request, *args, **kwargs))

    def post(self, request, *args, **kwargs):
        try:
            marked, walk_ins = scan_confirm(
                scan=self.scan, data=request.POST, user=request.user
            )
        except ConfirmRefused as error:
            self.scan.refresh_from_db()
            changed = any("changed the register" in e for e in error.errors)
            context = self.get_context_data(
                data=None if changed else request.POST,
                errors=error.errors,
                row_errors=error.row_errors,
            )
            return private(
                self.render_to_response(context, status=409 if changed else 400)
            )
        message = f"Register saved from the sheet: {marked} marked present."
        if walk_ins:
            message += f" {walk_ins} walk-in(s) added."
        message += " The photos were deleted."
        messages.success(request, message)
        return redirect(
            reverse("branches_organise:register", args=[self.scan.session_id])
        )


def scan_discard_view(request, pk):
    if request.method != "POST":
        raise Http404
    scan = scan_for(request, pk)
    if scan.status == Scan.Status.CONFIRMED:
        messages.error(request, "A confirmed scan has no pictures left to discard.")
    else:
        scan_discard(scan=scan)
        messages.success(request, "The upload and its pictures were deleted.")
    return redirect(reverse("scans:upload", args=[scan.session_id]))


def scan_row_image(request, pk, row_pk):
    scan = scan_for(request, pk)
    row = get_object_or_404(
        ScanRow.objects.select_related("page"), pk=row_pk, page__scan=scan
    )
    if not row.page.image:
        raise Http404
    return private(HttpResponse(row_image_png(row=row), content_type="image/png"))


def sheet_pdf_response(session) -> HttpResponse:
    """The session's sign-in sheet as a PDF, for branches' print view (the
    hook ``register_session_sign_in_sheet``), which has checked the user."""
    response = HttpResponse(sheet_pdf(session=session), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="sign-in-sheet-{session.date:%Y-%m-%d}.pdf"'
    )
    return private(response)
