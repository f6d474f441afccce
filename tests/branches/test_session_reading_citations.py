"""A session's library reading cites a paragraph or page range as a module's
reading does (``library.citations``): bad ranges are refused, and the pack
prints exactly the range."""

import pytest
from django.core.exceptions import ValidationError

from branches.models import SessionReading
from packs.options import PackOptions
from packs.services import pack_html
from tests.factories.branches import SessionFactory
from tests.factories.library import TextPageFactory, sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def text(library):
    body = "".join(
        f'<p><span data-page="{40 + n}"></span>PARA-{n} words of the text.</p>'
        for n in range(6)
    )
    return TextPageFactory(
        parent=library,
        title="The Branch Handbook",
        sections=sections(("Chapter I: The Meeting", body)),
    )


def _reading(session, text, **cite):
    section = text.sections.get()
    return SessionReading(session=session, text=text, section=section, **cite)


def test_bad_ranges_are_refused_with_clear_messages(text):
    session = SessionFactory()
    with pytest.raises(ValidationError) as error:
        _reading(session, text, cite="paragraphs", cite_from="5", cite_to="9").clean()
    assert error.value.message_dict == {
        "cite_to": [
            "There is no paragraph 9 in “Chapter I: The Meeting”: its paragraphs are 1–6."
        ]
    }
    with pytest.raises(ValidationError) as error:
        _reading(session, text, cite="pages", cite_from="44", cite_to="41").clean()
    assert "runs backwards" in error.value.message_dict["cite_to"][0]


def test_a_session_pack_prints_exactly_the_cited_range(text):
    session = SessionFactory(title="Reading the handbook")
    reading = _reading(session, text, cite="pages", cite_from="42", cite_to="43")
    reading.clean()
    reading.save()
    assert reading.citation == (
        "The Branch Handbook, Chapter I: The Meeting, original pages 42–43"
    )
    html = " ".join(pack_html(source=session, options=PackOptions()).split())
    assert "PARA-2 words" in html and "PARA-3 words" in html
    assert "PARA-1 words" not in html and "PARA-4 words" not in html
