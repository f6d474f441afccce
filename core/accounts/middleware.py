"""Enforce the account rules on every request, whatever the URL.

``SecondFactorMiddleware`` sends anyone who must (or chose to) use a second
factor and has not given it this session to the verify page, or to set one
up; it runs for the Wagtail admin, the site and every view in between, so
no channel is left where a password alone is enough.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import urlencode

from .policy import LAST_SEEN_KEY, SHORT_SESSION_KEY, second_factor_status

# Pages a user who still owes a second factor may open.
OPEN_URL_NAMES = {
    "two_factor_setup",
    "two_factor_verify",
    "logout",
    "wagtailadmin_logout",
}


class SessionIdleMiddleware:
    """End short sessions (staff, shared computers) after a spell idle."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get(SHORT_SESSION_KEY):
            now = int(time.time())
            last_seen = session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.ACCOUNTS_SHORT_SESSION_IDLE:
                logout(request)
            elif now - last_seen >= 60 or LAST_SEEN_KEY not in session:
                # Once a minute is precise enough, and spares a session
                # write on every request.
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def _is_open(path: str) -> bool:
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name in OPEN_URL_NAMES


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if not _is_open(request.path_info):
                status = second_factor_status(user=user)
                if status.has_device or status.required:
                    name = (
                        "two_factor_verify" if status.has_device else "two_factor_setup"
                    )
                    target = redirect(name)
                    target["Location"] += "?" + urlencode(
                        {"next": request.get_full_path()}
                    )
                    return target
        return self.get_response(request)
