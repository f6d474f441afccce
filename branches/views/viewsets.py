"""The Branches admin: model viewsets scoped to the user's branches.

Scoping is in the views, not the menus: the listing's queryset, every view
that loads one object (edit, delete, history, usage, copy) and the form's
choices all go through ``branches.access``; another branch's object is a 404.
"""

from django.forms.models import modelform_factory
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ..access import check_branch, scope_to_user, visible_branch_ids
from ..filters import MemberFilterSet, ReadingGroupFilterSet, SessionFilterSet
from ..forms import BranchScopedForm, MemberForm, ReadingGroupForm
from ..models import (
    Branch,
    BranchRole,
    Member,
    ReadingGroup,
    Region,
    RegionalOfficer,
    Session,
)


class ScopedViewMixin:
    branch_field = "branch"

    def get_base_queryset(self):
        return scope_to_user(
            super().get_base_queryset(), self.request.user, branch_field=self.branch_field
        )

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        branch_id = obj.pk if self.branch_field == "pk" else getattr(obj, f"{self.branch_field}_id")
        check_branch(self.request.user, branch_id)
        return obj


class ScopedObjectMixin:
    """For views of one object whose listing is not of the model (its history,
    its usage): the object is looked up among the user's branches only."""

    branch_field = "branch"

    def get_base_object_queryset(self):
        return scope_to_user(
            super().get_base_object_queryset(),
            self.request.user,
            branch_field=self.branch_field,
        )


class ScopedHistoryMixin(ScopedObjectMixin):
    def get_base_queryset(self):
        # The object's entries that the user may read (branch log scoping).
        queryset = super().get_base_queryset()
        return queryset.filter(
            pk__in=queryset.model.objects.viewable_by_user(self.request.user).values("pk")
        )


def _scoped(view_class, branch_field, mixin=ScopedViewMixin):
    return type(
        f"Scoped{view_class.__name__}",
        (mixin, view_class),
        {"branch_field": branch_field},
    )


class BranchScopedViewSet(ModelViewSet):
    """A ModelViewSet whose every view is limited to the user's branches."""

    branch_field = "branch"
    copy_view_enabled = False
    add_to_admin_menu = False

    @cached_property
    def index_view_class(self):
        return _scoped(generic.IndexView, self.branch_field)

    @cached_property
    def add_view_class(self):
        return _scoped(generic.CreateView, self.branch_field)

    @cached_property
    def edit_view_class(self):
        return _scoped(generic.EditView, self.branch_field)

    @cached_property
    def delete_view_class(self):
        return _scoped(generic.DeleteView, self.branch_field)

    @cached_property
    def history_view_class(self):
        from wagtail.admin.views.generic.history import HistoryView

        return _scoped(HistoryView, self.branch_field, ScopedHistoryMixin)

    @cached_property
    def usage_view_class(self):
        from wagtail.admin.views.generic.usage import UsageView

        return _scoped(UsageView, self.branch_field, ScopedObjectMixin)

    @cached_property
    def inspect_view_class(self):
        return _scoped(generic.InspectView, self.branch_field)

    def get_form_class(self, for_update=False):
        if self._edit_handler and getattr(self, "panels", None) is None and not self.form_fields:
            return super().get_form_class(for_update)
        return modelform_factory(
            self.model,
            form=BranchScopedForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )


class BranchViewSet(BranchScopedViewSet):
    model = Branch
    branch_field = "pk"
    icon = "group"
    menu_label = "Branches"
    name = "branches_branch"
    url_prefix = "branches/branches"
    list_display = ["name", "area", "constituency_party", "region"]
    list_filter = ["region"]
    search_fields = ["name", "area", "constituency_party"]

    def get_edit_handler(self):
        from wagtail.admin.panels import ObjectList

        # BranchScopedForm, for its check of the venue rows' ids.
        return ObjectList(Branch.panels, base_form_class=BranchScopedForm).bind_to_model(
            Branch
        )

    def get_form_class(self, for_update=False):
        return self._edit_handler.get_form_class()


class RegisterLinkColumn(Column):
    cell_template_name = "branches/admin/register_link_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["register_url"] = reverse("branches_organise:register", args=[instance.pk])
        context["sheet_url"] = reverse("branches_organise:sign_in_sheet", args=[instance.pk])
        return context


class MemberActionsColumn(Column):
    cell_template_name = "branches/admin/member_actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["member"] = instance
        return context


class MemberViewSet(BranchScopedViewSet):
    model = Member
    icon = "user"
    menu_label = "Members"
    name = "branches_member"
    url_prefix = "branches/members"
    form_fields = [
        "branch", "name", "preferred_name", "email", "learner_account_email", "phone",
        "joined_on", "prefers_paper", "large_print", "access_needs", "consent_on",
        "consent_basis",
    ]
    list_display = [
        "display_name", "branch", "joined_on",
        MemberActionsColumn("data_protection", label="Data protection"),
    ]
    filterset_class = MemberFilterSet
    search_fields = ["name", "preferred_name", "email"]

    def get_form_class(self, for_update=False):
        # ``learner_account_email`` is MemberForm's own field, not the model's.
        return modelform_factory(
            self.model,
            form=MemberForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )

    def get_index_view_kwargs(self, **kwargs):
        # Erased members stay for the counts but are nobody to list.
        return super().get_index_view_kwargs(
            queryset=Member.objects.filter(erased_at__isnull=True).select_related("branch"),
            **kwargs,
        )


class ReadingGroupViewSet(BranchScopedViewSet):
    model = ReadingGroup
    icon = "doc-full"
    menu_label = "Reading groups"
    name = "branches_group"
    url_prefix = "branches/groups"
    form_fields = ["branch", "name", "description", "members"]
    list_display = ["name", "branch"]
    filterset_class = ReadingGroupFilterSet
    search_fields = ["name", "description"]

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=ReadingGroupForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )


class SessionViewSet(BranchScopedViewSet):
    model = Session
    icon = "date"
    menu_label = "Sessions"
    name = "branches_session"
    url_prefix = "branches/sessions"
    # Panels, for the library readings inline (Session.panels).
    panels = Session.panels
    list_display = ["__str__", "branch", "facilitator", RegisterLinkColumn("register", label="Register")]
    filterset_class = SessionFilterSet
    search_fields = ["title", "facilitator", "readings"]
    ordering = ["-date"]

    def get_edit_handler(self):
        from wagtail.admin.panels import ObjectList

        # The form is still BranchScopedForm: branch, group and venue choices
        # limited to the user's branches (the readings' texts are public).
        return ObjectList(self.panels, base_form_class=BranchScopedForm).bind_to_model(
            self.model
        )

    def get_form_class(self, for_update=False):
        return self._edit_handler.get_form_class()


class BranchRoleViewSet(BranchScopedViewSet):
    """Who organises which branch. Only users with the model permissions
    (superusers, unless a group is given them) see this at all."""

    model = BranchRole
    icon = "key"
    menu_label = "Organisers"
    name = "branches_role"
    url_prefix = "branches/organisers"
    form_fields = ["user", "branch", "role"]
    list_display = ["user", "branch", "role"]
    search_fields = ["user__email", "branch__name"]


class RegionalOfficerViewSet(ModelViewSet):
    model = RegionalOfficer
    icon = "key"
    menu_label = "Regional officers"
    name = "branches_regional_officer"
    url_prefix = "branches/regional-officers"
    form_fields = ["user", "region"]
    list_display = ["user", "region"]
    copy_view_enabled = False


class RegionViewSet(ModelViewSet):
    model = Region
    icon = "site"
    menu_label = "Regions"
    name = "branches_region"
    url_prefix = "branches/regions"
    form_fields = ["name"]
    copy_view_enabled = False


class OrganiseViewSet(ViewSet):
    """Registers, reports, imports and data protection: the organiser's pages."""

    name = "branches_organise"
    url_prefix = "branches/organise"
    icon = "tasks"
    menu_label = "Registers"

    def get_urlpatterns(self):
        from . import members, register, reports

        return [
            path("registers/", register.RegisterIndexView.as_view(), name="registers"),
            path("sessions/<int:pk>/register/", register.RegisterView.as_view(), name="register"),
            path(
                "sessions/<int:pk>/register/close/",
                register.RegisterCloseView.as_view(),
                name="register_close",
            ),
            path("sessions/<int:pk>/sign-in-sheet/", register.sign_in_sheet, name="sign_in_sheet"),
            path("sessions/repeat/", register.RepeatingSessionsView.as_view(), name="sessions_repeat"),
            path("reports/", reports.ReportIndexView.as_view(), name="reports"),
            path("reports/branch/<int:pk>/", reports.BranchReportView.as_view(), name="branch_report"),
            path("reports/region/<int:pk>/", reports.RegionalSummaryView.as_view(), name="regional_summary"),
            path("reports/national/", reports.NationalSummaryView.as_view(), name="national_summary"),
            path("members/import/", members.MemberImportView.as_view(), name="members_import"),
            path("members/<int:pk>/subject-access/", members.subject_access, name="member_export"),
            path("members/<int:pk>/erase/", members.MemberEraseView.as_view(), name="member_erase"),
        ]

    @property
    def menu_item_class(self):
        class OrganiserMenuItem(MenuItem):
            def is_shown(self, request):
                return bool(visible_branch_ids(request.user))

        return OrganiserMenuItem


class ReportsMenuViewSet(ViewSet):
    """A second menu entry into the same pages, straight to the reports."""

    name = "branches_reports"
    url_prefix = "branches/reports-menu"
    icon = "table"
    menu_label = "Reports"

    @cached_property
    def menu_url(self):
        return reverse("branches_organise:reports")

    @property
    def menu_item_class(self):
        return OrganiseViewSet.menu_item_class.fget(self)


class BranchesViewSetGroup(ViewSetGroup):
    menu_label = "Branches"
    menu_icon = "group"
    menu_order = 250
    items = [
        OrganiseViewSet,
        ReportsMenuViewSet,
        SessionViewSet,
        ReadingGroupViewSet,
        MemberViewSet,
        BranchViewSet,
        BranchRoleViewSet,
        RegionalOfficerViewSet,
        RegionViewSet,
    ]
