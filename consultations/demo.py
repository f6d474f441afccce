"""Demo feedback and a question to the party (``demo_data/consultation.yaml``).

Loaded after the demo branch (``wagtail_hooks.py``): the question goes into
the module (once), two neighbouring branches study it, and Riverside and they
record their groups' answers; Riverside's members who came give feedback.
Like the other loaders it only adds what is missing.
"""

import datetime
import uuid

from django.utils import timezone

from branches.models import Attendance, Branch, Member, ReadingGroup, Session
from core.demo import demo_data, demo_log
from courses.models import ModulePage

from .models import Feedback, GroupAnswer
from .questions import BLOCK_TYPE, module_questions

CAME = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def _data() -> dict:
    return demo_data(app_label="consultations", name="consultation.yaml")


def _question_add(module: ModulePage, stdout):
    """The module's question to the party, added (and published) if it has none."""
    questions = module_questions(module)
    if questions:
        return questions[0]
    spec = _data()["question"]
    module.body.append((BLOCK_TYPE, spec, str(uuid.uuid4())))
    revision = module.save_revision()
    revision.publish()
    module.refresh_from_db()
    demo_log(stdout, f"Added a question to the party to {module.title}")
    return module_questions(module)[0]


def _branch_session(spec, *, region, module):
    """A neighbouring branch, its group and its past session on the module."""
    branch, _ = Branch.objects.get_or_create(
        slug=spec["slug"],
        defaults={"name": spec["name"], "area": spec["area"], "region": region},
    )
    group, _ = ReadingGroup.objects.get_or_create(branch=branch, name=spec["group"])
    date = timezone.localdate() - datetime.timedelta(weeks=spec["weeks_ago"])
    session, _ = Session.objects.get_or_create(
        branch=branch, group=group, module=module, defaults={"date": date}
    )
    return session


def _riverside_session(module):
    return (
        Session.objects.filter(
            branch__slug="riverside", module=module, date__lte=timezone.localdate()
        )
        .order_by("date")
        .first()
    )


def _answers_load(*, module, question, stdout) -> Session | None:
    riverside = _riverside_session(module)
    if riverside is None:
        return None
    for spec in _data()["branches"]:
        if spec["slug"] == "riverside":
            session = riverside
        else:
            session = _branch_session(
                spec, region=riverside.branch.region, module=module
            )
        _answer, created = GroupAnswer.objects.get_or_create(
            session=session,
            question_id=question.id,
            defaults={
                "branch": session.branch,
                "module": module,
                "counts": dict(zip(question.options, spec["counts"], strict=False)),
                "in_room": spec["in_room"],
                "statement": " ".join(spec["statement"].split()),
            },
        )
        if created:
            demo_log(stdout, f"Recorded {session.branch}'s answer to the question")
    return riverside


def _feedback_load(*, session, stdout) -> None:
    came = Member.objects.filter(
        attendances__session=session,
        attendances__status__in=CAME,
        erased_at__isnull=True,
    ).order_by("name", "pk")
    for member, spec in zip(came, _data()["feedback"], strict=False):
        _feedback, created = Feedback.objects.get_or_create(
            session=session, member=member, defaults=spec
        )
        if created:
            demo_log(stdout, f"Feedback on {session}")


def demo_consultations_load(*, demo: dict, stdout=None) -> None:
    module = ModulePage.objects.filter(slug=_data()["module"]).first()
    if module is None:
        return
    question = _question_add(module, stdout)
    riverside = _answers_load(module=module, question=question, stdout=stdout)
    if riverside is not None:
        _feedback_load(session=riverside, stdout=stdout)
