"""A group's answer saved or deleted (by a form, an erasure, a cascade): the
cached answers to its question are out of date once the change commits."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import GroupAnswer
from .selectors import answers_changed


@receiver(post_save, sender=GroupAnswer, dispatch_uid="answers_saved")
@receiver(post_delete, sender=GroupAnswer, dispatch_uid="answers_deleted")
def group_answer_changed(sender, instance, **kwargs):
    module_id, question_id = instance.module_id, instance.question_id
    transaction.on_commit(
        lambda: answers_changed(module_id=module_id, question_id=question_id)
    )
