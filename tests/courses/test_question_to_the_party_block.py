"""The "question to the party" block: what a tutor may save, what learners see."""

import pytest
from django.core.exceptions import ValidationError

from courses.blocks import QuestionToThePartyBlock
from tests.factories.consultations import body_with_question
from tests.factories.courses import ModulePageFactory


def _value(**overrides):
    block = QuestionToThePartyBlock()
    data = {
        "question": "Should branches choose their own candidates?",
        "options": ["Yes", "No"],
        "ask_statement": False,
        "statement_prompt": "",
        **overrides,
    }
    return block, block.to_python(data)


def test_options_or_a_statement_are_needed():
    block, value = _value(options=[], ask_statement=False)
    with pytest.raises(ValidationError, match="Give the options, ask for a statement"):
        block.clean(value)
    block, value = _value(options=[], ask_statement=True)
    assert block.clean(value)["ask_statement"] is True


def test_options_must_differ():
    block, value = _value(options=["Yes", "Yes"])
    with pytest.raises(ValidationError, match="Each option must be different"):
        block.clean(value)


@pytest.mark.django_db
def test_learners_see_the_question_on_the_module_page(client, course):
    module = ModulePageFactory(parent=course, body=body_with_question())
    html = client.get(module.url).content.decode()
    assert "Question to the party" in html
    assert "Should branches choose their own candidates?" in html
    assert "counted by branch, never by name" in html
