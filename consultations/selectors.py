"""Reads: a session's feedback, a module's (aggregated, anonymous), what a
learner may still give feedback on, and the answers to a question across
branches. Answers are read as branch, region, counts and statement only:
never who recorded them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, QuerySet
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
    leading: dict = field(default_factory=dict)  # option -> branches it led in
    statements: list = field(default_factory=list)  # (branch, region, statement)
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


def question_result(
    *, module, question: PartyQuestion, branches: QuerySet[Branch] | None = None
) -> QuestionResult:
    """The answers of every branch (or of ``branches``), in one query over
    the answers with their branch and region names; summed in Python (one
    row per answering session, so 1,000 rows nationally)."""
    answers = GroupAnswer.objects.filter(module=module, question_id=question.id)
    if branches is not None:
        answers = answers.filter(branch__in=branches.values("pk"))
    rows = answers.order_by("branch__name", "session__date", "pk").values_list(
        "branch_id",
        "branch__name",
        "branch__region__name",
        "counts",
        "in_room",
        "statement",
    )
    result = QuestionResult(
        question=question, totals=dict.fromkeys(question.options, 0)
    )
    seen, regions = set(), {}
    for branch_id, branch, region, counts, in_room, statement in rows:
        result.answers += 1
        seen.add(branch_id)
        result.in_room += in_room or 0
        region_row = regions.setdefault(
            region or "No region", {"region": region or "No region", "answers": 0}
        )
        region_row["answers"] += 1
        for option in question.options:
            hands = int((counts or {}).get(option, 0) or 0)
            result.totals[option] += hands
            region_row[option] = region_row.get(option, 0) + hands
        if counts and any(counts.values()):
            top = max(question.options, key=lambda o: int(counts.get(o, 0) or 0))
            result.leading[top] = result.leading.get(top, 0) + 1
        if statement:
            result.statements.append(
                {"branch": branch, "region": region or "", "statement": statement}
            )
    result.branches_answered = len(seen)
    result.regions = [
        {**row, "hands": [row.get(o, 0) for o in question.options]}
        for _, row in sorted(regions.items())
    ]
    return result


def question_is_published(*, module, question_id: str) -> bool:
    return QuestionPublication.objects.filter(
        module=module, question_id=question_id
    ).exists()


def session_answers(*, session: Session) -> dict[str, GroupAnswer]:
    return {a.question_id: a for a in GroupAnswer.objects.filter(session=session)}
