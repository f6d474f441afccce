"""Feedback on a session, and a branch's answer to a question to the party.

Feedback is special category personal data: it hangs off a branch's
``Session`` and a ``Member``, and is read only through ``branches.access``.
Erasing a member detaches their feedback (``member`` set to null, the free
text cleared) and keeps the scores, so counts stay right
(``services.member_consultations_erase``).

A group's answer names no one: counts from the room and a statement the group
agreed, attributed to the branch.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
CHANGE_MAX_CHARS = 500
STATEMENT_MAX_CHARS = 1000


class Feedback(models.Model):
    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper slip"

    session = models.ForeignKey(
        "branches.Session", on_delete=models.CASCADE, related_name="feedback"
    )
    member = models.ForeignKey(
        "branches.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    useful = models.PositiveSmallIntegerField(
        "was it useful?", validators=SCORE_VALIDATORS
    )
    clear = models.PositiveSmallIntegerField(
        "was it clear?", validators=SCORE_VALIDATORS
    )
    change = models.TextField(
        "one thing to change", max_length=CHANGE_MAX_CHARS, blank=True
    )
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "feedback"
        constraints = [
            # An erased member's feedback has no member: NULLs are distinct.
            models.UniqueConstraint(
                fields=["session", "member"], name="one_feedback_per_member_per_session"
            ),
            models.CheckConstraint(
                condition=Q(useful__gte=1, useful__lte=5), name="feedback_useful_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(clear__gte=1, clear__lte=5), name="feedback_clear_1_to_5"
            ),
        ]
        permissions = [
            (
                "view_module_feedback",
                "Can see a module's feedback across branches (aggregated)",
            )
        ]

    def __str__(self):
        return f"Feedback #{self.pk} on session {self.session_id}"


class GroupAnswer(models.Model):
    """A group's answer, after a session, to a question to the party in the
    module it studied. ``question_id`` is the block's id in the module's body
    (``courses.blocks.QuestionToThePartyBlock``). ``counts`` maps each option,
    as worded when the answer was recorded, to the hands raised for it."""

    session = models.ForeignKey(
        "branches.Session", on_delete=models.CASCADE, related_name="party_answers"
    )
    # The session's branch and module, kept here so the national page reads
    # one table (``Session.module`` may later change; the answer stays).
    branch = models.ForeignKey(
        "branches.Branch", on_delete=models.CASCADE, related_name="party_answers"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="party_answers"
    )
    question_id = models.CharField(max_length=64)
    counts = models.JSONField(default=dict, blank=True)
    in_room = models.PositiveIntegerField("people in the room", null=True, blank=True)
    statement = models.TextField(max_length=STATEMENT_MAX_CHARS, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "question_id"],
                name="one_answer_per_session_question",
            )
        ]
        indexes = [
            models.Index(fields=["module", "question_id"], name="answer_question"),
        ]
        permissions = [
            ("view_party_answers", "Can see the answers of every branch"),
            ("publish_party_answers", "Can publish the answers to a question"),
        ]

    def __str__(self):
        return f"Answer of branch {self.branch_id} to {self.question_id}"


class QuestionPublication(models.Model):
    """The education committee published the answers to a question: the
    public may see them (counts and statements by branch)."""

    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="+"
    )
    question_id = models.CharField(max_length=64)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["module", "question_id"], name="one_publication_per_question"
            )
        ]

    def __str__(self):
        return f"Published answers to {self.question_id}"
