"""Who must use a second factor, and how long a session may last.

Anyone who can see more than their own learning must: staff, superusers,
anyone Wagtail lets into the admin (``wagtailadmin.access_admin``, which the
organiser and national staff groups carry) and anyone holding one of the
roles named in ``ACCOUNTS_SECOND_FACTOR_RELATIONS`` (branch organisers and
regional officers). Learners may choose one; once they have a device, they
are asked for it too.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

SHORT_SESSION_KEY = "accounts_short_session"
LAST_SEEN_KEY = "accounts_last_seen"


@dataclass(frozen=True)
class SecondFactor:
    required: bool
    has_device: bool


def _admin_access_q() -> Q:
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    q = Q(groups__permissions__in=access) | Q(user_permissions__in=access)
    for relation in settings.ACCOUNTS_SECOND_FACTOR_RELATIONS:
        q |= Q(**{f"{relation}__isnull": False})
    return q


def second_factor_status(*, user) -> SecondFactor:
    """Whether ``user`` must use a second factor and has one, in one query."""
    if not user.is_authenticated:
        return SecondFactor(required=False, has_device=False)
    user_model = get_user_model()
    row = (
        user_model.objects.filter(pk=user.pk)
        .annotate(
            by_role=Exists(
                user_model.objects.filter(_admin_access_q(), pk=OuterRef("pk"))
            ),
            totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            static=Exists(
                StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            ),
        )
        .values("by_role", "totp", "static")
        .first()
    ) or {"by_role": False, "totp": False, "static": False}
    return SecondFactor(
        required=bool(user.is_staff or user.is_superuser or row["by_role"]),
        has_device=bool(row["totp"] or row["static"]),
    )


def second_factor_required(*, user) -> bool:
    return second_factor_status(user=user).required


def session_start(*, request, user, shared_computer: bool) -> None:
    """Make a new login's session short for staff and on shared computers:
    it ends when the browser closes or after ``ACCOUNTS_SHORT_SESSION_IDLE``
    seconds idle (``SessionIdleMiddleware``). Others keep ``SESSION_COOKIE_AGE``."""
    if shared_computer or second_factor_required(user=user):
        request.session.set_expiry(0)
        request.session[SHORT_SESSION_KEY] = True
