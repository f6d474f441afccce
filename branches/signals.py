"""Keep each session's register tally true when marks go with a member.

Erasure (``branches.services.member_erase``) keeps the member's marks, so the
counts stay; deleting a member outright (a duplicate entered by mistake)
removes their marks by cascade, and the sessions they were marked in are
recounted in the same transaction.

Signing in attaches the account to any member whose organiser gave its
e-mail address (``branches.account_links``).
"""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from .account_links import member_accounts_attach
from .models import Attendance, Member
from .services import session_recount


@receiver(pre_delete, sender=Member, dispatch_uid="branches_member_sessions")
def _remember_sessions(sender, instance, **kwargs):
    instance._marked_session_ids = list(
        Attendance.objects.filter(member_id=instance.pk).values_list(
            "session_id", flat=True
        )
    )


@receiver(post_delete, sender=Member, dispatch_uid="branches_member_recount")
def _recount_sessions(sender, instance, **kwargs):
    session_ids = getattr(instance, "_marked_session_ids", None)
    if session_ids:
        with transaction.atomic():
            session_recount(session_ids=session_ids)


@receiver(user_logged_in, dispatch_uid="branches_attach_member_accounts")
def _attach_member_accounts(sender, request, user, **kwargs):
    # Sign-up signs the new account in, so this covers new and old accounts.
    member_accounts_attach(user=user)
