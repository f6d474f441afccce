import factory

from consultations.models import Feedback, GroupAnswer
from tests.factories.branches import SessionFactory

QUESTION_ID = "0f5c1b4e-party-question-0001"


def party_question_block(
    *,
    question="Should branches choose their own candidates?",
    options=("Yes", "No", "Not sure"),
    ask_statement=True,
    block_id=QUESTION_ID,
):
    """A ``question_to_the_party`` block for ``ModulePageFactory(body=...)``,
    with a fixed id so tests can name the question."""
    return {
        "type": "question_to_the_party",
        "value": {
            "question": question,
            "options": list(options),
            "ask_statement": ask_statement,
            "statement_prompt": "What should the party do?",
        },
        "id": block_id,
    }


def body_with_question(**kwargs) -> list[dict]:
    """A module body (``module_body``) ending with a question to the party."""
    from tests.factories.courses import module_body

    return [
        {"type": kind, "value": value} for kind, value in module_body(blocks_count=3)
    ] + [party_question_block(**kwargs)]


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    session = factory.SubFactory(SessionFactory)
    member = None
    useful = 4
    clear = 4
    change = ""


class GroupAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupAnswer

    session = factory.SubFactory(SessionFactory)
    branch = factory.SelfAttribute("session.branch")
    module = factory.SelfAttribute("session.module")
    question_id = QUESTION_ID
    counts = factory.LazyFunction(lambda: {"Yes": 3, "No": 1, "Not sure": 0})
    in_room = 4
    statement = "Members, not head office, should choose."
