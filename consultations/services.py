"""Writes: feedback (online and keyed in from slips), a group's answer to a
question to the party, publishing the answers, and a member's data.

Every write checks its input here as well as in the form: a service is the
one owner of what may be saved (bad input raises ``ConsultationError`` with a
message for the person, and nothing is saved).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from branches.models import Attendance, Member, Session

from .models import (
    CHANGE_MAX_CHARS,
    STATEMENT_MAX_CHARS,
    Feedback,
    GroupAnswer,
    QuestionPublication,
)
from .questions import PartyQuestion

CAME = (Attendance.Status.PRESENT, Attendance.Status.LATE)
MAX_HANDS = 10_000


class ConsultationError(Exception):
    """Bad input, said for the person who gave it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _score(name: str, value) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        raise ConsultationError(f"“{name}” must be a number from 1 to 5.") from None
    if not 1 <= score <= 5:
        raise ConsultationError(f"“{name}” must be from 1 to 5, not {score}.")
    return score


def member_attended(*, session: Session, member: Member) -> bool:
    """The register says the member came (present or late)."""
    return Attendance.objects.filter(
        session=session, member=member, status__in=CAME
    ).exists()


def feedback_give(
    *,
    session: Session,
    member: Member,
    useful,
    clear,
    change: str,
    source: str = Feedback.Source.ONLINE,
    recorded_by=None,
) -> Feedback:
    """Save one member's feedback on a session they came to: once only."""
    useful, clear = _score("Was it useful?", useful), _score("Was it clear?", clear)
    change = (change or "").strip()
    if len(change) > CHANGE_MAX_CHARS:
        raise ConsultationError(
            f"“One thing to change” can be at most {CHANGE_MAX_CHARS} characters "
            f"(it has {len(change)})."
        )
    if member.branch_id != session.branch_id or member.erased_at is not None:
        raise ConsultationError("This member is not in the session's branch.")
    if session.date > timezone.localdate():
        raise ConsultationError("Feedback can be given once the session has been held.")
    if not member_attended(session=session, member=member):
        raise ConsultationError(
            "The register does not show this member at the session: only those "
            "who came can give feedback."
        )
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                session=session,
                member=member,
                useful=useful,
                clear=clear,
                change=change,
                source=source,
                recorded_by=recorded_by,
            )
    except IntegrityError:
        raise ConsultationError(
            "Feedback from this member on this session is already recorded."
        ) from None


def answer_counts_clean(*, question: PartyQuestion, counts: dict) -> dict[str, int]:
    """Each option of the question to a whole number of hands, 0 if left blank."""
    unknown = set(counts) - set(question.options)
    if unknown:
        raise ConsultationError("An option given is not one of this question's.")
    cleaned = {}
    for option in question.options:
        raw = counts.get(option)
        if raw in (None, ""):
            cleaned[option] = 0
            continue
        try:
            hands = int(raw)
        except (TypeError, ValueError):
            raise ConsultationError(
                f"“{option}”: give a whole number of hands."
            ) from None
        if not 0 <= hands <= MAX_HANDS:
            raise ConsultationError(f"“{option}”: give a number from 0 to {MAX_HANDS}.")
        cleaned[option] = hands
    return cleaned


def _answer_check(
    *, session: Session, question: PartyQuestion, counts: dict, in_room, statement
) -> tuple[dict[str, int], str]:
    """The counts and statement to save, or ``ConsultationError``."""
    if session.module_id is None:
        raise ConsultationError("This session studies no module, so has no question.")
    if session.date > timezone.localdate():
        raise ConsultationError("The group's answer is recorded after the session.")
    counts = answer_counts_clean(question=question, counts=counts)
    statement = (statement or "").strip()
    if len(statement) > STATEMENT_MAX_CHARS:
        raise ConsultationError(
            f"The statement can be at most {STATEMENT_MAX_CHARS} characters "
            f"(it has {len(statement)})."
        )
    if statement and not question.ask_statement:
        raise ConsultationError("This question asks for no statement.")
    if not statement and not any(counts.values()):
        raise ConsultationError(
            "Give the hands for at least one option, or a statement."
        )
    if in_room is not None and counts and max(counts.values()) > in_room:
        raise ConsultationError("More hands for an option than people in the room.")
    return counts, statement


def answer_record(
    *,
    session: Session,
    question: PartyQuestion,
    counts: dict,
    in_room: int | None,
    statement: str,
    user,
    seen: datetime.datetime | None,
) -> GroupAnswer:
    """Record (or correct) the group's answer after a session.

    ``seen`` is the ``updated_at`` of the answer the form showed (``None`` if
    it showed none): if someone saved another answer since, nothing is saved
    and the organiser is told, rather than overwriting it silently."""
    counts, statement = _answer_check(
        session=session,
        question=question,
        counts=counts,
        in_room=in_room,
        statement=statement,
    )
    with transaction.atomic():
        answer = (
            GroupAnswer.objects.select_for_update()
            .filter(session=session, question_id=question.id)
            .first()
        )
        if answer is not None and answer.updated_at != seen:
            raise ConsultationError(
                "Someone else saved this group's answer while you were writing. "
                "The page now shows theirs: check it and save again if needed."
            )
        if answer is None and seen is not None:
            raise ConsultationError("This answer was removed meanwhile; save it again.")
        if answer is None:
            answer = GroupAnswer(
                session=session,
                question_id=question.id,
                branch_id=session.branch_id,
                module_id=session.module_id,
            )
        answer.counts, answer.in_room, answer.statement = counts, in_room, statement
        answer.recorded_by = user
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError:
            raise ConsultationError(
                "Someone else saved this group's answer at the same moment; "
                "check theirs and save again if needed."
            ) from None
    return answer


def question_publish(*, module, question_id: str, user, publish: bool) -> bool:
    """Publish (or withdraw) the answers to a question; whether it is now public."""
    with transaction.atomic():
        if publish:
            QuestionPublication.objects.get_or_create(
                module=module, question_id=question_id, defaults={"published_by": user}
            )
        else:
            QuestionPublication.objects.filter(
                module=module, question_id=question_id
            ).delete()
    return publish


# Data protection: branches calls these through its hooks ----------------


def member_consultations_export(*, member: Member) -> dict[str, list[dict]]:
    """A member's feedback, for their subject access export."""
    return {
        "feedback": [
            {
                "session": str(f.session),
                "date": f.session.date.isoformat(),
                "useful": f.useful,
                "clear": f.clear,
                "one_thing_to_change": f.change,
                "given": f.get_source_display(),
                "recorded_at": f.created_at.isoformat(),
            }
            for f in member.feedback.select_related(
                "session", "session__group"
            ).order_by("session__date", "pk")
        ]
    }


def member_consultations_erase(*, member: Member) -> None:
    """Keep the scores (the counts), remove the person: the row loses its
    member and the words they wrote, which could say who they are."""
    Feedback.objects.filter(member=member).update(member=None, change="")
