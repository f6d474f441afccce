"""Who may see answers and feedback beyond one branch (``branches.access``
decides everything about one branch)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from branches.access import is_branch_organiser
from branches.models import Region


def sees_all_answers(user) -> bool:
    """The education committee and national staff: every branch's answers."""
    return bool(
        user.is_active
        and (user.is_superuser or user.has_perm("consultations.view_party_answers"))
    )


def answer_regions(user):
    """The regions whose answers ``user`` may read as a regional officer."""
    if not user.is_authenticated or not user.is_active:
        return Region.objects.none()
    if sees_all_answers(user):
        return Region.objects.all()
    return Region.objects.filter(officers__user=user)


def check_session_organiser(user, session) -> None:
    """A session's feedback and answer are for its branch's organisers (and
    national staff); anyone else gets a 404, as for another branch's things."""
    if not is_branch_organiser(user, session.branch_id):
        raise Http404("No such session.")


def require(user, perm: str) -> None:
    if not user.has_perm(f"consultations.{perm}"):
        raise PermissionDenied
