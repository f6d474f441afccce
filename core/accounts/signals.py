from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .policy import session_start


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def _session_start(sender, request, user, **kwargs):
    # Every login route (the site's and Wagtail's) ends here, so the session
    # rule has one owner.
    shared = request is not None and request.POST.get("shared_computer") == "on"
    if request is not None and hasattr(request, "session"):
        session_start(request=request, user=user, shared_computer=shared)
