"""Reads: a session's feedback, a module's (aggregated, anonymous), what a
learner may still give feedback on, and the answers to a question across
branches. Answers are read as branch, region, counts and statement only:
never who recorded them."""

import datetime
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from branches.models import Attendance, Branch, Member, Session

from .models import Feedback, GroupAnswer, QuestionPublication
from .questions import PartyQuestion

# Fewer responses than this could point at someone: tutors see nothing until then.
MODULE_FEEDBACK_MINIMUM = 5
FEEDBACK_DAYS = 42
CAME = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def _spread(rows, name: str) -> list[int]:
    counts = [0] * 5
    for row in rows:
        counts[row[name] - 1] += row["n"]
    return counts


def feedback_summary(queryset: QuerySet[Feedback]) -> dict:
    """How many, the averages and the spread of each score: two queries."""
    totals = queryset.aggregate(n=Count("pk"), useful=Avg("useful"), clear=Avg("clear"))
    useful = list(queryset.values("useful").annotate(n=Count("pk")).order_by())
    clear = list(queryset.values("clear").annotate(n=Count("pk")).order_by())
    return {
        "count": totals["n"],
        "useful_average": round(totals["useful"], 1) if totals["useful"] else None,
        "clear_average": round(totals["clear"], 1) if totals["clear"] else None,
        "useful_spread": _spread(useful, "useful"),
        "clear_spread": _spread(clear, "clear"),
    }


def session_feedback(*, session: Session) -> dict:
    """For the branch's organisers: the figures and each response's words,
    without names, in the order given."""
    queryset = Feedback.objects.filter(session=session)
    summary = feedback_summary(queryset)
    summary["responses"] = list(
        queryset.order_by("created_at", "pk").values(
            "useful", "clear", "change", "source"
        )
    )
    return summary


def module_feedback(*, module, minimum: int = MODULE_FEEDBACK_MINIMUM) -> dict:
    """For tutors: every branch's feedback on the module's sessions, together,
    with no branch, session or name; nothing but the count below ``minimum``."""
    queryset = Feedback.objects.filter(session__module=module)
    count = queryset.count()
    if count < minimum:
        return {"count": count, "shown": False, "minimum": minimum}
    summary = feedback_summary(queryset)
    # Sorted by their words, not by time or branch: the order tells nothing.
    summary["changes"] = sorted(
        c for c in queryset.exclude(change="").values_list("change", flat=True)
    )
    summary.update(shown=True, minimum=minimum)
    return summary


def module_feedback_counts() -> list[dict]:
    """Each module with feedback, and how many responses: one query."""
    return list(
        Feedback.objects.filter(session__module__isnull=False)
        .values("session__module_id", "session__module__title")
        .annotate(n=Count("pk"))
        .order_by("session__module__title")
    )


def member_sessions_to_review(*, member: Member) -> list[Session]:
    """Past sessions the member came to lately with no feedback from them yet."""
    today = timezone.localdate()
    given = Feedback.objects.filter(session=OuterRef("session"), member=member)
    return [
        a.session
        for a in Attendance.objects.filter(
            member=member,
            status__in=CAME,
            session__date__lte=today,
            session__date__gte=today - datetime.timedelta(days=FEEDBACK_DAYS),
        )
        .annotate(given=Exists(given))
        .filter(given=False)
        .select_related("session", "session__group", "session__branch")
        .order_by("-session__date")
    ]


def learner_member_for(*, user, session: Session) -> Member | None:
    """The member, linked to this learner account, in the session's branch."""
    if not user.is_authenticated:
        return None
    return Member.objects.filter(
        user=user, branch_id=session.branch_id, erased_at__isnull=True
    ).first()


@dataclass
class QuestionResult:
    question: PartyQuestion
    branches_answered: int = 0
    answers: int = 0
    in_room: int = 0
    totals: dict = field(default_factory=dict)  # option -> hands, all branches
    leading: dict = field(default_factory=dict)  # option -> answers it led (or tied)
    statements_count: int = 0
    regions: list = field(default_factory=list)  # per-region rows for the table

    @property
    def options(self) -> list[dict]:
        total = sum(self.totals.values()) or 1
        return [
            {
                "option": option,
                "hands": self.totals.get(option, 0),
                "percent": round(100 * self.totals.get(option, 0) / total),
                "leading": self.leading.get(option, 0),
            }
            for option in self.question.options
        ]


def _answers(*, module, question: PartyQuestion, branches) -> QuerySet[GroupAnswer]:
    answers = GroupAnswer.objects.filter(module=module, question_id=question.id)
    if branches is not None:
        answers = answers.filter(branch__in=branches.values("pk"))
    return answers


def _hands(question: PartyQuestion) -> dict:
    """Each option's hands in an answer, as a column: ``o0``, ``o1``..."""
    return {
        f"o{i}": Coalesce(
            Cast(KeyTextTransform(option, "counts"), IntegerField()), Value(0)
        )
        for i, option in enumerate(question.options)
    }


def question_result(
    *, module, question: PartyQuestion, branches: QuerySet[Branch] | None = None
) -> QuestionResult:
    """The answers of every branch (or of ``branches``), added up in the
    database: three aggregate queries whatever the number of branches."""
    names = [f"o{i}" for i in range(len(question.options))]
    answers = _answers(module=module, question=question, branches=branches).annotate(
        **_hands(question)
    )
    led = {}
    for name in names:
        beats = Q(**{f"{name}__gt": 0})
        for other in names:
            if other != name:
                beats &= Q(**{f"{name}__gte": F(other)})
        led[f"led_{name}"] = Count("pk", filter=beats)
    totals = answers.aggregate(
        answers=Count("pk"),
        branches=Count("branch_id", distinct=True),
        in_room=Sum("in_room"),
        statements=Count("pk", filter=~Q(statement="")),
        **{f"sum_{n}": Sum(n) for n in names},
        **led,
    )
    by_region = (
        answers.values("branch__region__name")
        .annotate(n=Count("pk"), **{f"sum_{n}": Sum(n) for n in names})
        .order_by("branch__region__name")
    )
    options = question.options
    return QuestionResult(
        question=question,
        branches_answered=totals["branches"],
        answers=totals["answers"],
        in_room=totals["in_room"] or 0,
        totals={
            o: totals[f"sum_{n}"] or 0 for o, n in zip(options, names, strict=True)
        },
        leading={o: totals[f"led_{n}"] for o, n in zip(options, names, strict=True)},
        statements_count=totals["statements"],
        regions=[
            {
                "region": row["branch__region__name"] or "No region",
                "answers": row["n"],
                "hands": [row[f"sum_{n}"] or 0 for n in names],
            }
            for row in by_region
        ],
    )


def question_statements(
    *, module, question: PartyQuestion, branches=None, start: int = 0, stop=None
) -> list[dict]:
    """The statements, by branch name: the branch and region, never who wrote it."""
    rows = (
        _answers(module=module, question=question, branches=branches)
        .exclude(statement="")
        .order_by("branch__name", "pk")
        .values("branch__name", "branch__region__name", "statement")
    )[start:stop]
    return [
        {
            "branch": r["branch__name"],
            "region": r["branch__region__name"] or "",
            "statement": r["statement"],
        }
        for r in rows
    ]


def question_is_published(*, module, question_id: str) -> bool:
    return QuestionPublication.objects.filter(
        module=module, question_id=question_id
    ).exists()


def session_answers(*, session: Session) -> dict[str, GroupAnswer]:
    return {a.question_id: a for a in GroupAnswer.objects.filter(session=session)}


# The answers across branches, cached until an answer changes. Every saved or
# deleted ``GroupAnswer`` (``consultations.signals``, after its transaction
# commits) gives its question a new version token, so a cached figure is never
# read after the answers it counted have changed. What else the pages show
# (branch and region names) may lag by ``ANSWERS_CACHE_SECONDS`` at most.
ANSWERS_CACHE_SECONDS = 300


def _version_key(module_id: int, question_id: str) -> str:
    return f"consultations:answers-version:{module_id}:{question_id}"


def answers_changed(*, module_id: int, question_id: str) -> None:
    cache.set(_version_key(module_id, question_id), uuid.uuid4().hex, None)


def answers_cached(*, module, question: PartyQuestion, part: str, compute: Callable):
    """``compute()``, or what it gave for the same answers, question wording
    and ``part`` (region, statements page). Read the version first: a figure
    stored under it was computed from answers at least that new."""
    key = _version_key(module.pk, question.id)
    version = cache.get(key)
    if version is None:  # never set, or evicted: a fresh token, never an old one
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key)
    wording = hashlib.sha256(repr(question).encode()).hexdigest()[:16]
    entry = (
        f"consultations:answers:{module.pk}:{question.id}:{version}:{wording}:{part}"
    )
    value = cache.get(entry)
    if value is None:
        value = compute()
        cache.set(entry, value, ANSWERS_CACHE_SECONDS)
    return value
