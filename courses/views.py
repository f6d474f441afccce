from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail import hooks

from .models import ModulePage
from .selectors import learner_courses
from .services import module_progress_mark


@login_required
def my_learning(request):
    """The learner's courses, then the panels the apps above courses add (a
    member's branch, from ``branches``) through the ``register_my_learning_panel``
    hook: each is a function of the request returning HTML, or "" for nothing."""
    panels = [panel(request) for panel in hooks.get_hooks("register_my_learning_panel")]
    return render(
        request,
        "courses/my_learning.html",
        {
            "courses": learner_courses(user=request.user),
            "panels": format_html_join("\n", "{}", ((p,) for p in panels if p)),
        },
    )


@require_POST
@login_required
def module_progress(request, module_id: int):
    """Mark a module done (or not done) for the learner who is logged in.

    The user always comes from the session, never from the form, so nobody
    can change another learner's progress.
    """
    module = get_object_or_404(ModulePage.objects.live().public(), pk=module_id)
    done = request.POST.get("done") != "0"
    module_progress_mark(user=request.user, module=module, done=done)
    if done:
        messages.success(request, f"Well done: “{module.title}” is marked as done.")
    else:
        messages.info(request, f"“{module.title}” is marked as not done.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = module.url
    return redirect(target)
