"""Proposals and polls: members choose what their reading group studies next.

The voting method is **approval voting**: a ballot ticks every proposal the
member would be glad to study, and the proposal with the most ticks wins. We
chose it over ranked choice because it has to work on paper as well as on a
phone: a paper slip needs one tick box per proposal and no instructions beyond
"tick all you would be happy with"; an organiser keys a slip in by ticking the
same boxes, with nothing to mistype (no rankings to transcribe, no rounds to
count by hand); and a result is a plain count per proposal that anyone in the
room can check against the slips. It also never punishes a member for ticking
a friend's proposal as well as their own.

Ballots are personal data and secret from organisers: an online ballot names
its member (one per member per poll, enforced by the database, so it can be
changed until the poll closes), a paper ballot names only its slip number
(unique per poll, so a slip keyed twice is refused). Organisers and reports
read counts only (``assembly.selectors.poll_results``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from branches.models import Branch, Member, ReadingGroup, Session

PROPOSAL_MAX_CHARS = 300
WHY_MAX_CHARS = 500


class Proposal(models.Model):
    """Something a member would like their reading group to study."""

    class Kind(models.TextChoices):
        TEXT = "text", "A text from the library"
        SECTION = "section", "A chapter or section of a library text"
        MODULE = "module", "A course module"
        TOPIC = "topic", "A topic in my own words"

    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, related_name="proposals"
    )
    group = models.ForeignKey(
        ReadingGroup, on_delete=models.CASCADE, related_name="proposals"
    )
    # SET_NULL: erasing a member keeps the proposal (the group's programme)
    # and removes who made it (``assembly.services.people``).
    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.ForeignKey(
        "library.TextPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    text.wagtail_reference_index_ignore = True
    section = models.ForeignKey(
        "library.TextSection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    module.wagtail_reference_index_ignore = True
    topic = models.CharField(max_length=PROPOSAL_MAX_CHARS, blank=True)
    why = models.TextField(max_length=WHY_MAX_CHARS)
    poll = models.ForeignKey(
        "Poll",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["group", "poll"], name="proposal_group_poll")]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        """What is proposed, in words: the text, section, module or topic."""
        if self.kind == self.Kind.TOPIC:
            return self.topic
        if self.kind == self.Kind.MODULE:
            return self.module.title if self.module_id else "A module no longer online"
        if not self.text_id:
            return "A text no longer in the library"
        if self.kind == self.Kind.SECTION and self.section_id:
            return f"{self.text.title}: {self.section.title}"
        return self.text.title


class Poll(models.Model):
    """A vote over a reading group's proposals, open until ``closes_at``."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="polls")
    group = models.ForeignKey(
        ReadingGroup, on_delete=models.CASCADE, related_name="polls"
    )
    question = models.CharField(max_length=200, default="What shall we study next?")
    closes_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    winner = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session = models.OneToOneField(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="from_poll",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["branch", "closed_at"], name="poll_branch_open")
        ]

    def __str__(self):
        return f"{self.question} ({self.group})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.now() < self.closes_at


class Ballot(models.Model):
    """One member's approval ballot online, or one paper slip keyed in."""

    class Method(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper"

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    # Online ballots only. SET_NULL: an erased member's ballot stays, nameless,
    # so the counts stay right.
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="ballots"
    )
    slip_number = models.PositiveIntegerField(null=True, blank=True)
    method = models.CharField(max_length=6, choices=Method.choices)
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cast_at = models.DateTimeField(default=timezone.now)
    proposals = models.ManyToManyField(
        Proposal, through="BallotChoice", related_name="ballots"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "member"],
                condition=models.Q(member__isnull=False),
                name="one_ballot_per_member_per_poll",
            ),
            models.UniqueConstraint(
                fields=["poll", "slip_number"],
                condition=models.Q(slip_number__isnull=False),
                name="one_ballot_per_slip_per_poll",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(method="paper", slip_number__isnull=False)
                    | models.Q(method="online", slip_number__isnull=True)
                ),
                name="paper_ballots_have_a_slip",
            ),
        ]

    def __str__(self):
        return f"Ballot {self.pk} ({self.get_method_display()})"


class BallotChoice(models.Model):
    """One tick: an approved proposal. ``poll`` is repeated for the count's index."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "proposal"], name="one_tick_per_proposal"
            )
        ]
        indexes = [
            models.Index(fields=["poll", "proposal"], name="choice_poll_proposal")
        ]

    def __str__(self):
        return f"Tick for proposal {self.proposal_id}"


class SlipRange(models.Model):
    """Ballot slip numbers issued for a poll in one session's pack: ``first``
    to ``last``. A poll's ranges never overlap, so a slip from one pack (or
    an earlier print of it) is never confused with one from another; a
    reprint keeps its session's numbers and continues after the poll's
    highest when it needs more (``assembly.services.slips``)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="slips")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="ballot_slips"
    )
    first = models.PositiveIntegerField()
    last = models.PositiveIntegerField()
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["first"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "first"], name="one_range_start"),
            models.CheckConstraint(
                condition=models.Q(last__gte=models.F("first")),
                name="slip_range_forwards",
            ),
        ]

    def __str__(self):
        return f"Slips {self.first}–{self.last} of poll {self.poll_id}"
