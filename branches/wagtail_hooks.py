from django.template.loader import render_to_string
from wagtail import hooks

from . import services
from .demo import demo_branch_load
from .models import BRANCH_LOGGED_MODELS, BranchLogEntry
from .selectors import learner_branches
from .views.viewsets import BranchesViewSetGroup


@hooks.register("register_admin_viewset")
def register_branches_viewsets():
    return BranchesViewSetGroup()


@hooks.register("register_log_actions")
def register_branches_log_actions(actions):
    # More specific than Wagtail's ``models.Model`` → ModelLogEntry, so it wins.
    for model in BRANCH_LOGGED_MODELS:
        actions.register_model(model, BranchLogEntry)
    actions.register_action(services.REGISTER_SAVED, "Save register", "Register saved")
    actions.register_action(
        services.REGISTER_SAVED_FROM_SHEET,
        "Save register from a scanned sheet",
        "Register saved from a scanned sign-in sheet",
    )
    actions.register_action(services.REGISTER_CLOSED, "Close register", "Register closed: the rest marked Absent")
    actions.register_action(services.REPORT_EXPORTED, "Export report", "Report exported")
    actions.register_action(services.MEMBER_EXPORTED, "Subject access export", "Member's data exported (subject access)")
    actions.register_action(services.MEMBER_ERASED, "Erase member", "Member's personal data erased")
    actions.register_action(services.MEMBERS_IMPORTED, "Import members", "Members imported from CSV")


@hooks.register("register_my_learning_panel")
def my_learning_branch_panel(request):
    """*My learning* (in ``courses``, below us) shows a linked member their branch."""
    places = learner_branches(user=request.user)
    if not places:
        return ""
    return render_to_string(
        "branches/_my_learning_panel.html", {"branches": places}, request=request
    )


# ``load_demo`` (core.demo): last, after the course (30) its sessions study.
hooks.register("register_demo_loader", demo_branch_load, order=40)
