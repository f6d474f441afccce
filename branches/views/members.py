"""Members: CSV import, subject access export, erasure."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..access import check_branch
from ..forms import MemberImportForm
from ..models import Member
from ..services import member_erase, member_subject_access, members_import_csv
from .register import require_perm

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def scoped_member(request, pk) -> Member:
    member = get_object_or_404(Member.objects.select_related("branch"), pk=pk, erased_at__isnull=True)
    check_branch(request.user, member.branch_id)
    return member


class MemberImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "branches/admin/members_import.html"
    page_title = "Import members from a spreadsheet"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        require_perm(request.user, "add_member")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, result=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or MemberImportForm(user=self.request.user)
        context["result"] = result
        from ..services import IMPORT_COLUMNS

        context["columns"] = IMPORT_COLUMNS
        return context

    def post(self, request, *args, **kwargs):
        form = MemberImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", "The file is larger than 5 MB.")
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = members_import_csv(
            branch=form.cleaned_data["branch"],
            data=upload.read(),
            user=request.user,
            good_rows_only=form.cleaned_data["good_rows_only"],
        )
        if result.imported or not result.errors:
            messages.success(request, f"{result.imported} member(s) imported.")
            if not result.errors:
                return redirect(reverse("branches_member:index"))
        status = 400 if result.errors and not result.imported else 200
        return self.render_to_response(self.get_context_data(form=form, result=result), status=status)


def subject_access(request, pk):
    """Everything held about one member, as JSON, for a subject access request."""
    require_perm(request.user, "change_member")
    member = scoped_member(request, pk)
    data = member_subject_access(member=member, user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="member-{member.pk}.json"'
    return response


class MemberEraseView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "branches/admin/member_erase.html"
    page_title = "Erase a member's personal data"
    header_icon = "warning"

    def dispatch(self, request, pk, *args, **kwargs):
        require_perm(request.user, "change_member")
        self.member = scoped_member(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = self.member
        return context

    def post(self, request, *args, **kwargs):
        member_erase(member=self.member, user=request.user)
        messages.success(request, "The member's personal data was erased; the branch's counts are unchanged.")
        return redirect(reverse("branches_member:index"))
