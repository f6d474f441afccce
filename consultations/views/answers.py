"""Answers across branches (regional and national), their CSV, publishing;
and a module's feedback for tutors. Branches and regions, never people."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from branches.charts import bar_chart_svg
from branches.models import Branch, Region
from core.exports import spreadsheet_cell_safe
from courses.models import ModulePage

from ..access import answer_regions, require, sees_all_answers
from ..questions import module_question, modules_with_questions
from ..selectors import (
    MODULE_FEEDBACK_MINIMUM,
    answers_cached,
    module_feedback,
    module_feedback_counts,
    question_is_published,
    question_result,
    question_statements,
)
from ..services import question_publish
from .organise import PrivateMixin

STATEMENTS_PER_PAGE = 100


def result_context(*, module, question, branches) -> dict:
    result = question_result(module=module, question=question, branches=branches)
    options = result.options
    return {
        "question": question,
        "result": result,
        "options": options,
        "chart": bar_chart_svg(
            title=f"Hands raised for each option, {result.branches_answered} branches",
            labels=[o["option"][:24] for o in options],
            values=[o["hands"] for o in options],
            chart_id=f"chart-{question.id[:8]}",
        )
        if options
        else "",
    }


def _question(module_pk, question_id):
    module = get_object_or_404(ModulePage, pk=module_pk)
    question = module_question(module, question_id)
    if question is None:
        raise Http404("No such question.")
    return module, question


class QuestionsIndexView(PrivateMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/questions.html"
    page_title = "Questions to the party"
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        self.regions = answer_regions(request.user)
        if not sees_all_answers(request.user) and not self.regions.exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            modules=modules_with_questions(),
            national=sees_all_answers(self.request.user),
            regions=self.regions,
        )
        return context


class QuestionAnswersView(PrivateMixin, WagtailAdminTemplateMixin, TemplateView):
    """National (``?region=`` for one region) answers: chart, tables,
    statements by branch; ``?export=csv`` for a row per answer."""

    template_name = "consultations/admin/question_answers.html"
    header_icon = "pick"

    def dispatch(self, request, module_pk, question_id, *args, **kwargs):
        self.module, self.question = _question(module_pk, question_id)
        self.region = None
        if request.GET.get("region"):
            try:
                region_pk = int(request.GET["region"])
            except ValueError:
                raise Http404 from None
            self.region = get_object_or_404(answer_regions(request.user), pk=region_pk)
        elif not sees_all_answers(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def branches(self):
        return Branch.objects.filter(region=self.region) if self.region else None

    def get_page_title(self):
        return f"Answers: {self.question.short}"

    def get_page_subtitle(self):
        where = self.region.name if self.region else "Every branch"
        return f"{self.module.title} · {where}"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.csv()
        return super().get(request, *args, **kwargs)

    def csv(self):
        branches = self.branches()
        result = question_result(
            module=self.module, question=self.question, branches=branches
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="answers.csv"'
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        writer.writerow(["Option", "Hands", "Branches where it led"])
        for row in result.options:
            writer.writerow(
                [spreadsheet_cell_safe(row["option"]), row["hands"], row["leading"]]
            )
        writer.writerow([])
        writer.writerow(["Branch", "Region", "Statement"])
        for row in question_statements(
            module=self.module, question=self.question, branches=branches
        ):
            writer.writerow(
                [
                    spreadsheet_cell_safe(v)
                    for v in (row["branch"], row["region"], row["statement"])
                ]
            )
        return response

    def cached(self, part: str, compute):
        """The figures and statements, cached until an answer changes
        (``selectors.answers_cached``): the page is read far more often
        than answers are recorded."""
        where = f"region-{self.region.pk}" if self.region else "national"
        return answers_cached(
            module=self.module,
            question=self.question,
            part=f"{where}:{part}",
            compute=compute,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        branches = self.branches()
        context.update(
            self.cached(
                "result",
                lambda: result_context(
                    module=self.module, question=self.question, branches=branches
                ),
            )
        )
        raw = self.request.GET.get("page", "1")
        page = max(int(raw), 1) if raw.isdigit() else 1
        start = (page - 1) * STATEMENTS_PER_PAGE
        stop = start + STATEMENTS_PER_PAGE
        context.update(
            module=self.module,
            region=self.region,
            statements=self.cached(
                f"statements-{start}",
                lambda: question_statements(
                    module=self.module,
                    question=self.question,
                    branches=branches,
                    start=start,
                    stop=stop,
                ),
            ),
            next_page=page + 1 if stop < context["result"].statements_count else None,
            previous_page=page - 1 if page > 1 else None,
            published=question_is_published(
                module=self.module, question_id=self.question.id
            ),
            can_publish=self.request.user.has_perm(
                "consultations.publish_party_answers"
            ),
            regions=Region.objects.all() if sees_all_answers(self.request.user) else [],
        )
        return context


class QuestionPublishView(View):
    def post(self, request, module_pk, question_id):
        require(request.user, "publish_party_answers")
        module, question = _question(module_pk, question_id)
        public = question_publish(
            module=module,
            question_id=question.id,
            user=request.user,
            publish=request.POST.get("publish") == "1",
        )
        messages.success(
            request,
            "The answers are published."
            if public
            else "The answers are no longer public.",
        )
        return redirect(
            reverse(
                "consultations_organise:question_answers", args=[module.pk, question.id]
            )
        )


class ModuleFeedbackIndexView(PrivateMixin, WagtailAdminTemplateMixin, TemplateView):
    """The modules studied in branches, each with how many responses it has."""

    template_name = "consultations/admin/module_feedback_index.html"
    page_title = "Feedback on modules"
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        require(request.user, "view_module_feedback")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["modules"] = module_feedback_counts()
        context["minimum"] = MODULE_FEEDBACK_MINIMUM
        return context


class ModuleFeedbackView(PrivateMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every branch's feedback on a module, together and anonymous, shown
    only from ``MODULE_FEEDBACK_MINIMUM`` responses."""

    template_name = "consultations/admin/module_feedback.html"
    header_icon = "pick"

    def dispatch(self, request, module_pk, *args, **kwargs):
        require(request.user, "view_module_feedback")
        self.module = get_object_or_404(ModulePage, pk=module_pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Feedback: {self.module.title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = module_feedback(module=self.module)
        context.update(module=self.module, summary=summary)
        if summary["shown"]:
            context["chart"] = bar_chart_svg(
                title="How useful, 1 to 5",
                labels=[str(n) for n in range(1, 6)],
                values=summary["useful_spread"],
                chart_id="chart-useful",
            )
        return context
