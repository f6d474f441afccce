"""Readings from the library are printed in full, with their original chapter
and page references."""

import pytest

from packs.options import PackOptions
from packs.services import pack_render
from tests.factories.courses import ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library_text(home):
    from tests.factories.library import (
        LibraryIndexPageFactory,
        TextPageFactory,
        sections,
    )

    index = LibraryIndexPageFactory(parent=home)
    return TextPageFactory(
        parent=index,
        title="The Branch Handbook",
        sections=sections(
            (
                "Chapter I: The Meeting",
                "<p>CHAPTER-ONE-TEXT: members meet monthly.</p>",
            ),
            (
                "Chapter II: The Vote",
                "<p>CHAPTER-TWO-TEXT: a motion needs a seconder.</p>",
            ),
        ),
    )


def test_cited_library_section_is_printed_with_its_reference(
    course, library_text, read_pdf
):
    reading = {
        "title": "The Branch Handbook",
        "author": "The party",
        "chapter": "Chapter II",
        "pages": "12-19",
        "url": "",
        "text": library_text,
        "section": "Chapter II: The Vote",
        "introduction": "<p>Read about voting.</p>",
        "minutes": 10,
    }
    module = ModulePageFactory(parent=course, body=[("reading", reading)])
    pdf = read_pdf(pack_render(page=module, options=PackOptions(size="large")))
    text = pdf.text.replace("\n", " ")
    assert "CHAPTER-TWO-TEXT: a motion needs a seconder." in text
    assert "CHAPTER-ONE-TEXT" not in text
    assert "Original: The Branch Handbook, Chapter II: The Vote, pages 12-19" in text
