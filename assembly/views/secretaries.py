"""The organiser appoints and removes a reading group's secretaries (issue 15),
in the admin beside the session records. For the branch's organisers and
national staff (``is_branch_organiser``): it names the group's members."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from branches.access import organised_branch_ids

from ..models import GroupSecretary
from ..services import AssemblyError, secretary_appoint, secretary_remove
from .organise import GroupOrganiserMixin, require_organiser


class SecretariesView(GroupOrganiserMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "assembly/admin/secretaries.html"
    header_icon = "user"

    def get_page_title(self):
        return f"Secretaries of {self.group.name}"

    def get_context_data(self, error="", **kwargs):
        context = super().get_context_data(**kwargs)
        secretaries = GroupSecretary.objects.filter(group=self.group).select_related(
            "member"
        )
        taken = {s.member_id for s in secretaries}
        context.update(
            group=self.group,
            error=error,
            secretaries=secretaries,
            candidates=[
                m
                for m in self.group.members.filter(
                    erased_at__isnull=True, branch_id=self.group.branch_id
                ).order_by("name")
                if m.pk not in taken
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            secretary = secretary_appoint(
                group=self.group,
                member_id=request.POST.get("member"),
                user=request.user,
            )
        except AssemblyError as error:
            context = self.get_context_data(error=error.message)
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            f"{secretary.member.name} is now a secretary of {self.group.name}: they "
            "write its session records from the group's page when logged in.",
        )
        return redirect(reverse("assembly_organise:secretaries", args=[self.group.pk]))


class SecretaryRemoveView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        row = get_object_or_404(GroupSecretary.objects.select_related("group"), pk=pk)
        require_organiser(request.user, row.group.branch_id)
        try:
            member = secretary_remove(
                secretary_id=row.pk, branch_ids=organised_branch_ids(request.user)
            )
        except AssemblyError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{member.name} is no longer a secretary.")
        return redirect(reverse("assembly_organise:secretaries", args=[row.group_id]))
