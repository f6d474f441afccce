from django.template.loader import render_to_string
from wagtail import hooks

from branches.models import Member

from .demo import demo_consultations_load
from .selectors import member_sessions_to_review
from .services import member_consultations_erase, member_consultations_export
from .views.viewsets import ConsultationsViewSetGroup


@hooks.register("register_admin_viewset")
def register_consultations_viewsets():
    return ConsultationsViewSetGroup()


@hooks.register("register_my_learning_panel")
def my_learning_feedback_panel(request):
    """*My learning* lists the sessions a member came to and may give feedback on."""
    due = []
    for member in Member.objects.filter(user=request.user, erased_at__isnull=True):
        due.extend(member_sessions_to_review(member=member))
    if not due:
        return ""
    return render_to_string(
        "consultations/_my_learning_feedback.html", {"sessions": due}, request=request
    )


# Subject access and erasure of a member (branches.services.people).
hooks.register("register_member_data_export", member_consultations_export)
hooks.register("register_member_data_erase", member_consultations_erase)

# ``load_demo``: after the demo branch (40) whose sessions it gives feedback on.
hooks.register("register_demo_loader", demo_consultations_load, order=50)
