"""Writes: linking a member to their learner account, found by e-mail.

The organiser types an address; whether an account uses it is never shown to
them (that would tell them who has signed up to the site). The address is
kept on the member, and the account is attached now if one exists, or when
one with that address signs in (sign-up signs in too).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Member


def _linkable(*, email: str, branch_id: int, member_pk: int | None):
    """The one active account using ``email``, unless it already belongs to
    another member of the branch (one account per member of a branch)."""
    accounts = list(
        get_user_model().objects.filter(email__iexact=email, is_active=True)[:2]
    )
    if len(accounts) != 1:
        return None  # none, or ambiguous: the site administrators' to sort out
    taken = (
        Member.objects.filter(
            branch_id=branch_id, user=accounts[0], erased_at__isnull=True
        )
        .exclude(pk=member_pk)
        .exists()
    )
    return None if taken else accounts[0]


def member_account_set(*, member: Member, email: str) -> None:
    """Point ``member`` (not yet saved) at the account using ``email``, now or later."""
    email = email.strip()
    member.account_email = email
    if not email:
        member.user = None
        return
    if member.user_id and member.user.email.lower() == email.lower():
        return  # unchanged, even if the account was since deactivated
    member.user = _linkable(
        email=email, branch_id=member.branch_id, member_pk=member.pk
    )


def member_accounts_attach(*, user) -> int:
    """Attach ``user`` to the members whose organisers gave its address."""
    if not (user.is_active and user.email):
        return 0
    waiting = Member.objects.filter(
        user__isnull=True, erased_at__isnull=True, account_email__iexact=user.email
    )
    attached = 0
    with transaction.atomic():
        for member in waiting.select_for_update():
            if _linkable(
                email=user.email, branch_id=member.branch_id, member_pk=member.pk
            ):
                member.user = user
                member.save(update_fields=["user"])
                attached += 1
    return attached
