"""The branch report with its chart and exports; regional and national counts."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from core.exports import SafeSpreadsheetExportMixin

from ..access import check_branch, sees_all_branches, visible_branches
from ..charts import bar_chart_svg
from ..forms import ReportFilterForm
from ..models import Branch, Region
from ..selectors import (
    ReportFilters,
    branch_report,
    member_attendance,
    national_summary,
    regional_summary,
    session_attendance,
)
from ..services import REPORT_EXPORTED
from .register import require_perm


def _rate(numerator, denominator):
    return round(100 * numerator / denominator) if denominator else None


class ReportIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "branches/admin/report_index.html"
    page_title = "Branch reports"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        require_perm(request.user, "view_attendance")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["branches"] = visible_branches(user).order_by("name")
        context["national"] = sees_all_branches(user)
        regions = Region.objects.all()
        if not sees_all_branches(user):
            regions = regions.filter(officers__user=user)
        context["regions"] = regions
        return context


class BranchReportView(SafeSpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Attendance per session and per member, first-timers, three absences.

    ``?export=csv|xlsx&table=members|sessions`` exports a table with the same
    filters as the page (Wagtail's spreadsheet export), and logs it.
    """

    template_name = "branches/admin/branch_report.html"
    header_icon = "table"
    TABLES = {
        "members": {
            "fields": ["display_name", "joined_on", "held", "came", "committed", "absences", "attendance_rate", "commitment_rate"],
            "headings": {
                "display_name": "Member", "joined_on": "Joined", "held": "Sessions since joining",
                "came": "Came (present or late)", "committed": "Present, late or apologies",
                "absences": "Absent", "attendance_rate": "Attendance %", "commitment_rate": "Commitment %",
            },
        },
        "sessions": {
            "fields": ["date", "display_title", "present", "late", "apologies", "absent"],
            "headings": {
                "date": "Date", "display_title": "Session", "present": "Present", "late": "Late",
                "apologies": "Apologies", "absent": "Absent",
            },
        },
    }

    def dispatch(self, request, pk, *args, **kwargs):
        require_perm(request.user, "view_attendance")
        self.branch = get_object_or_404(Branch, pk=pk)
        check_branch(request.user, self.branch.pk)
        self.form = ReportFilterForm(request.GET or None, branch=self.branch)
        self.filters = ReportFilters.from_cleaned(self.form.filters())
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Report: {self.branch.name}"

    def get_filename(self):
        return f"{self.branch.slug}-{self.request.GET.get('table', 'members')}"

    def to_row_dict(self, item):
        computed = {
            "attendance_rate": lambda m: _rate(m.came, m.held),
            "commitment_rate": lambda m: _rate(m.committed, m.held),
        }
        return {
            name: computed[name](item) if name in computed else getattr(item, name)
            for name in self.list_export
        }

    def get(self, request, *args, **kwargs):
        if self.is_export:
            table = request.GET.get("table", "members")
            if table not in self.TABLES:
                raise Http404("No such table.")
            self.list_export = self.TABLES[table]["fields"]
            self.export_headings = self.TABLES[table]["headings"]
            if table == "members":
                queryset = member_attendance(branch=self.branch, filters=self.filters)
            else:
                queryset = session_attendance(branch=self.branch, filters=self.filters)
            log(
                instance=self.branch,
                action=REPORT_EXPORTED,
                user=request.user,
                data={"table": table, "format": request.GET["export"], "filters": request.GET.dict()},
            )
            return self.as_spreadsheet(queryset, request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = branch_report(branch=self.branch, filters=self.filters)
        for member in report["members"]:
            member.attendance_rate = _rate(member.came, member.held)
            member.commitment_rate = _rate(member.committed, member.held)
        months = report["months"]
        for row in months:
            row["came"] = row["present"] + row["late"]
        totals = report["totals"]
        totals["commitment_percent"] = (
            round(100 * totals["commitment_rate"]) if totals["commitment_rate"] is not None else None
        )
        context.update(
            branch=self.branch,
            form=self.form,
            report=report,
            chart=bar_chart_svg(
                title=f"People who came (present or late), by month, {self.branch.name}",
                labels=[f"{r['month']:%b %y}" for r in months],
                values=[r["came"] for r in months],
                chart_id="chart-months",
            ),
            query=self.request.GET.urlencode(),
        )
        return context


class RegionalSummaryView(WagtailAdminTemplateMixin, TemplateView):
    """Counts per branch of a region. Never a name."""

    template_name = "branches/admin/summary.html"
    header_icon = "table"

    def dispatch(self, request, pk, *args, **kwargs):
        require_perm(request.user, "view_attendance")
        self.region = get_object_or_404(Region, pk=pk)
        if not (sees_all_branches(request.user) or self.region.officers.filter(user=request.user).exists()):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Regional summary: {self.region.name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = regional_summary(region=self.region, branches=Branch.objects.all(), filters=ReportFilters())
        context.update(rows=rows, unit="Branch")
        return context


class NationalSummaryView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "branches/admin/summary.html"
    header_icon = "table"
    page_title = "National summary"

    def dispatch(self, request, *args, **kwargs):
        if not sees_all_branches(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rows=national_summary(filters=ReportFilters()), unit="Region")
        return context
