"""The organiser's pages: a session's feedback (and keying in paper slips),
and the group's answers to the module's questions to the party."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from branches.access import organised_branch_ids
from branches.models import Attendance, Member, Session

from ..access import check_session_organiser, require
from ..forms import AnswerForm, PaperFeedbackForm
from ..models import Feedback, GroupAnswer
from ..questions import module_questions
from ..selectors import CAME, session_answers, session_feedback
from ..services import ConsultationError, answer_record, feedback_give

RECENT_DAYS = 60


class PrivateMixin:
    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        return response


class SessionsView(PrivateMixin, WagtailAdminTemplateMixin, TemplateView):
    """The sessions of the organiser's branches held lately: feedback and answers."""

    template_name = "consultations/admin/sessions.html"
    page_title = "Feedback and answers"
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        require(request.user, "view_feedback")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        sessions = Session.objects.filter(
            date__lte=today, date__gte=today - datetime.timedelta(days=RECENT_DAYS)
        )
        organised = organised_branch_ids(self.request.user)
        if organised is not None:
            sessions = sessions.filter(branch_id__in=organised)
        context["sessions"] = sessions.select_related(
            "branch", "group", "module"
        ).order_by("-date", "-start_time")[:200]
        return context


def _session(request, pk) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("branch", "group", "module"), pk=pk
    )
    check_session_organiser(request.user, session)
    return session


class SessionFeedbackView(PrivateMixin, WagtailAdminTemplateMixin, TemplateView):
    """The session's feedback, without names; and a form for a returned slip."""

    template_name = "consultations/admin/session_feedback.html"
    header_icon = "pick"

    def dispatch(self, request, pk, *args, **kwargs):
        require(request.user, "view_feedback")
        self.session = _session(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Feedback: {self.session.display_title}"

    def get_page_subtitle(self):
        return f"{self.session.branch.name}, {self.session.date:%A %-d %B %Y}"

    def attendees(self):
        """Who the register shows at the session and has given no feedback."""
        came = Attendance.objects.filter(session=self.session, status__in=CAME)
        given = Feedback.objects.filter(session=self.session, member__isnull=False)
        return Member.objects.filter(
            pk__in=came.values("member_id"), erased_at__isnull=True
        ).exclude(pk__in=given.values("member_id"))

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            summary=session_feedback(session=self.session),
            form=form or PaperFeedbackForm(attendees=self.attendees()),
            can_add=self.request.user.has_perm("consultations.add_feedback"),
        )
        return context

    def post(self, request, *args, **kwargs):
        require(request.user, "add_feedback")
        form = PaperFeedbackForm(request.POST, attendees=self.attendees())
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback_give(
                    session=self.session,
                    member=data["member"],
                    useful=data["useful"],
                    clear=data["clear"],
                    change=data["change"],
                    source=Feedback.Source.PAPER,
                    recorded_by=request.user,
                )
            except ConsultationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Slip keyed in.")
                return redirect(
                    reverse(
                        "consultations_organise:session_feedback",
                        args=[self.session.pk],
                    )
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SessionAnswersView(PrivateMixin, WagtailAdminTemplateMixin, TemplateView):
    """A form per question to the party in the session's module."""

    template_name = "consultations/admin/session_answers.html"
    header_icon = "pick"

    def dispatch(self, request, pk, *args, **kwargs):
        require(request.user, "view_groupanswer")
        self.session = _session(request, pk)
        self.questions = (
            module_questions(self.session.module) if self.session.module else []
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Questions to the party: {self.session.display_title}"

    def get_page_subtitle(self):
        return f"{self.session.branch.name}, {self.session.date:%A %-d %B %Y}"

    def _form(self, question, answer: GroupAnswer | None, data=None):
        initial = {"seen": answer.updated_at.isoformat() if answer else ""}
        if answer is not None:
            initial.update(in_room=answer.in_room, statement=answer.statement)
            for index, option in enumerate(question.options):
                initial[f"option-{index}"] = answer.counts.get(option, 0)
        return AnswerForm(data, question=question, initial=initial)

    def get_context_data(self, posted=None, **kwargs):
        context = super().get_context_data(**kwargs)
        answers = session_answers(session=self.session)
        entries = []
        for question in self.questions:
            answer = answers.get(question.id)
            form = (
                posted[1]
                if posted and posted[0] == question.id
                else self._form(question, answer)
            )
            entries.append({"question": question, "answer": answer, "form": form})
        context.update(
            session=self.session,
            entries=entries,
            held=self.session.date <= timezone.localdate(),
        )
        return context

    def _refreshed(self, question, form, message):
        """The organiser's words again, but knowing the answer saved now (shown
        above the form), so a second save is a choice, not an accident."""
        answer = session_answers(session=self.session).get(question.id)
        data = self.request.POST.copy()
        data[form.add_prefix("seen")] = answer.updated_at.isoformat() if answer else ""
        form = AnswerForm(data, question=question)
        form.is_valid()
        form.add_error(None, message)
        return form

    def post(self, request, *args, **kwargs):
        require(request.user, "change_groupanswer")
        question = next(
            (q for q in self.questions if q.id == request.POST.get("question")), None
        )
        if question is None:
            messages.error(request, "That question is not in this session's module.")
            return self.render_to_response(self.get_context_data(), status=400)
        form = AnswerForm(request.POST, question=question)
        if form.is_valid():
            try:
                answer_record(
                    session=self.session,
                    question=question,
                    counts=form.counts(),
                    in_room=form.cleaned_data["in_room"],
                    statement=form.cleaned_data.get("statement", ""),
                    user=request.user,
                    seen=form.seen_at(),
                )
            except ConsultationError as error:
                form = self._refreshed(question, form, error.message)
            else:
                messages.success(request, "The group's answer is saved.")
                return redirect(
                    reverse(
                        "consultations_organise:session_answers", args=[self.session.pk]
                    )
                )
        return self.render_to_response(
            self.get_context_data(posted=(question.id, form)), status=400
        )
