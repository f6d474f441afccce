"""The learner's side: feedback from *My learning*, and published answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from branches.models import Session
from courses.models import ModulePage

from ..forms import FeedbackForm
from ..models import Feedback
from ..questions import module_question
from ..selectors import (
    learner_member_for,
    question_is_published,
    question_statements,
)
from ..services import ConsultationError, feedback_give, member_attended
from .answers import result_context


@login_required
def feedback(request, session_pk: int):
    """One form: two scores and one thing to change. The member is the one
    linked to the account in the session's branch, never taken from the form;
    only someone the register shows at the session may give it, once."""
    session = get_object_or_404(
        Session.objects.select_related("branch", "group"), pk=session_pk
    )
    member = learner_member_for(user=request.user, session=session)
    if member is None:
        raise Http404("No such session.")
    context = {"session": session, "form": FeedbackForm(), "refusal": ""}
    status = 200
    if Feedback.objects.filter(session=session, member=member).exists():
        context["refusal"] = (
            "You have already given your feedback on this session. Thank you."
        )
        status = 409 if request.method == "POST" else 200
    elif not member_attended(session=session, member=member):
        context["refusal"] = (
            "The register does not show you at this session, so there is no "
            "feedback to give. If you were there, ask your organiser to correct it."
        )
        status = 403
    elif request.method == "POST":
        form = FeedbackForm(request.POST)
        context["form"] = form
        if form.is_valid():
            try:
                feedback_give(
                    session=session,
                    member=member,
                    recorded_by=request.user,
                    **form.cleaned_data,
                )
            except ConsultationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Thank you: your feedback is saved.")
                return redirect(reverse("courses:my_learning"))
        status = 400
    response = render(request, "consultations/feedback.html", context, status=status)
    add_never_cache_headers(response)
    return response


def published_answers(request, module_pk: int, question_id: str):
    """What the party's branches answered, once the committee has published it."""
    module = get_object_or_404(ModulePage.objects.live().public(), pk=module_pk)
    question = module_question(module, question_id)
    if question is None or not question_is_published(
        module=module, question_id=question_id
    ):
        raise Http404("Not published.")
    return render(
        request,
        "consultations/published_answers.html",
        {
            "module": module,
            **result_context(module=module, question=question, branches=None),
            "statements": question_statements(module=module, question=question),
        },
    )
