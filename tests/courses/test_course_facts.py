"""Course facts stay true: a course's sessions (its live modules), their time
in the room and each module's reading time (its own words and the library
chapters its readings cite) are right as soon as a module is published or
withdrawn."""

import math

import pytest

from core.templatetags.core_tags import minutes
from courses.models import WORDS_PER_MINUTE
from tests.factories.courses import ModulePageFactory, module_body
from tests.factories.library import TextPageFactory, sections

pytestmark = pytest.mark.django_db

CHAPTER_WORDS = 3_000


@pytest.fixture
def long_text(library):
    return TextPageFactory(
        parent=library,
        title="The Long Handbook",
        sections=sections(
            ("Chapter I: The Meeting", "<p>" + "word " * 500 + "</p>"),
            ("Chapter II: The Vote", "<p>" + "vote " * CHAPTER_WORDS + "</p>"),
        ),
    )


def _citing(course, text, *, section="Chapter II: The Vote", live=True, title="Voting"):
    body = module_body(blocks_count=4)  # 55 minutes in the room
    body[1] = (
        "reading",
        {"title": "The vote", "text": text, "section": section, "minutes": 15},
    )
    return ModulePageFactory(parent=course, title=title, body=body, live=live)


def _facts(client, course) -> str:
    response = client.get(course.url)
    assert response.status_code == 200
    html = response.content.decode()
    return " ".join(html.split('<dl class="facts">')[1].split("</dl>")[0].split())


def test_reading_time_counts_the_chapter_the_reading_cites(course, long_text):
    module = _citing(course, long_text)
    expected = math.ceil((module.body_word_count() + CHAPTER_WORDS) / WORDS_PER_MINUTE)
    assert module.reading_minutes == expected
    whole = _citing(course, long_text, section="", title="Voting whole")
    assert whole.reading_minutes == math.ceil(
        (whole.body_word_count() + CHAPTER_WORDS + 500) / WORDS_PER_MINUTE
    )


def test_publishing_and_withdrawing_a_module_changes_the_facts_at_once(
    client, course, long_text
):
    ModulePageFactory(parent=course, title="First", body=module_body(blocks_count=4))
    draft = _citing(course, long_text, live=False)
    assert "<dd>1 · about 55 min in all</dd>" in _facts(client, course)
    assert "Voting" not in client.get(course.url).content.decode()

    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.reading_minutes >= CHAPTER_WORDS / WORDS_PER_MINUTE
    facts = _facts(client, course)
    assert "<dd>2 · about 1 hr 50 min in all</dd>" in facts
    first_reading = course.modules().first().reading_minutes
    total = first_reading + draft.reading_minutes
    assert f"<dt>Reading</dt><dd>about {minutes(total)} in all" in facts
    index = client.get(course.get_parent().url).content.decode()
    assert "2 sessions · about 1 hr 50 min in all" in index

    draft.unpublish()
    assert "<dd>1 · about 55 min in all</dd>" in _facts(client, course)
    index = client.get(course.get_parent().url).content.decode()
    assert "1 session · about 55 min in all" in index
