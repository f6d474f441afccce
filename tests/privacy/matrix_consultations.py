"""The matrix's rows for feedback and questions to the party (issue 15,
parts 3 and 4), and what they add to the world: a question in the module,
feedback from a member of A who came, answers of A and B, published."""

from django.urls import reverse

from .matrix import EVERYONE, NOBODY, ORGANISERS, SESSION_PEOPLE, Case, _r

QUESTION_ID = "matrix-party-question"
FEEDBACK_WORDS = "SECRET-FEEDBACK-WORDS about the chair"
ANSWERERS = frozenset({"committee", "national"})
REGIONAL = frozenset({"committee", "officer_a", "national"})
MODULE_FEEDBACK = frozenset({"tutor", "committee", "national"})
SECRETS = {"feedback_a": SESSION_PEOPLE}


def _question(query=""):
    def url(w):
        return reverse(
            "consultations_organise:question_answers",
            args=[w.module.pk, QUESTION_ID],
        ) + query.format(region=w.region_a.pk)

    return url


def _organise(view, obj, allowed, post=False, query="", post_allowed=None):
    route = f"consultations_organise:{view}"
    return Case(
        route + query,
        _r(route, obj, query),
        allowed,
        post=post,
        route=route,
        post_allowed=post_allowed,
    )


CASES = [
    Case(
        "consultations:feedback",
        _r("consultations:feedback", "session_a"),
        frozenset({"learner"}),  # a member of A, linked to the account, who came
        post=True,
        route="consultations:feedback",
    ),
    Case(
        "consultations:published_answers",
        lambda w: reverse(
            "consultations:published_answers", args=[w.module.pk, QUESTION_ID]
        ),
        EVERYONE,
        route="consultations:published_answers",
    ),
    _organise("sessions", None, ORGANISERS),
    _organise("session_feedback", "session_a", SESSION_PEOPLE, post=True),
    _organise("session_answers", "session_a", SESSION_PEOPLE, post=True),
    _organise("questions", None, REGIONAL),
    Case(
        "consultations_organise:question_answers",
        _question(),
        ANSWERERS,
        route="consultations_organise:question_answers",
    ),
    Case(
        "consultations_organise:question_answers?region",
        _question("?region={region}"),
        REGIONAL,
        route="consultations_organise:question_answers",
    ),
    Case(
        "consultations_organise:question_answers?export=csv",
        _question("?export=csv"),
        ANSWERERS,
        route="consultations_organise:question_answers",
    ),
    Case(
        "consultations_organise:question_publish",
        lambda w: reverse(
            "consultations_organise:question_publish",
            args=[w.module.pk, QUESTION_ID],
        ),
        NOBODY,  # POST only
        post=True,
        post_allowed=frozenset({"committee"}),
        route="consultations_organise:question_publish",
    ),
    _organise("modules", None, MODULE_FEEDBACK),
    Case(
        "consultations_organise:module_feedback",
        lambda w: reverse("consultations_organise:module_feedback", args=[w.module.pk]),
        MODULE_FEEDBACK,
        route="consultations_organise:module_feedback",
    ),
]


def world_extend(w) -> None:
    """A question to the party in the module, and the data around it."""
    from consultations.models import Feedback, GroupAnswer, QuestionPublication
    from tests.factories.branches import AttendanceFactory, MemberFactory

    module = w.module
    module.body.append(
        (
            "question_to_the_party",
            {
                "question": "Should branches choose their own candidates?",
                "options": ["Yes", "No"],
                "ask_statement": True,
                "statement_prompt": "",
            },
            QUESTION_ID,
        )
    )
    module.save()
    learner_member = MemberFactory(
        branch=w.branch_a, name="Lena Matrixmember", user=w.users["learner"]
    )
    AttendanceFactory(session=w.session_a, member=learner_member)
    # The feedback is Lena's, not member_a's: member_a's subject access export
    # (``branches_organise:member_export``) is open to the regional officer
    # (OF_A), and a member's export rightly carries their feedback, so the
    # words would be read there. On screens they stay the session's organisers'.
    Feedback.objects.create(
        session=w.session_a,
        member=learner_member,
        useful=2,
        clear=3,
        change=FEEDBACK_WORDS,
    )
    for session in (w.session_a, w.session_b):
        GroupAnswer.objects.create(
            session=session,
            branch=session.branch,
            module=module,
            question_id=QUESTION_ID,
            counts={"Yes": 3, "No": 1},
            in_room=4,
            statement=f"{session.branch.name} wants members to choose.",
            recorded_by=w.users["organiser_a"],
        )
    QuestionPublication.objects.create(module=module, question_id=QUESTION_ID)
    w.secrets["branch_a"].append("Lena Matrixmember")
    w.secrets["feedback_a"] = [FEEDBACK_WORDS]


def fingerprint(w) -> list:
    from consultations.models import Feedback, GroupAnswer, QuestionPublication

    return [
        list(
            Feedback.objects.values_list(
                "pk", "member_id", "useful", "change"
            ).order_by("pk")
        ),
        list(
            GroupAnswer.objects.values_list("pk", "counts", "statement").order_by("pk")
        ),
        QuestionPublication.objects.count(),
    ]


def post_data(w) -> dict:
    prefix = f"q-{QUESTION_ID}-"
    return {
        "useful": "5",
        "clear": "5",
        "change": "Hijacked",
        "question": QUESTION_ID,
        prefix + "option-0": "99",
        prefix + "statement": "Hijacked",
        "publish": "0",
    }
