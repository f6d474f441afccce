"""A session's library readings are printed in its pack in full, as a module's
library readings are, with their original references; the other readings
follow as a list. Changing the readings (or correcting the text) makes a new
pack."""

import datetime

import pytest
from django.urls import reverse

from packs.documents import pack_source
from packs.models import PackFile
from packs.options import PackOptions
from packs.services import pack_render
from tests.factories.branches import SessionFactory, SessionReadingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    return SessionFactory(
        title="Reading the handbook",
        date=datetime.date(2030, 3, 12),
        module=None,
        readings="Tressell, The Ragged Trousered Philanthropists, chapter 1\n\nOUR-OWN-NOTES",
    )


def chapter(text, title):
    return text.sections.get(title=title)


def test_the_pack_prints_the_section_in_full_with_its_reference(
    session, handbook, read_pdf
):
    SessionReadingFactory(
        session=session,
        text=handbook,
        section=chapter(handbook, "Chapter II: The Vote"),
        pages="12-19",
    )

    pdf = read_pdf(pack_render(page=session, options=PackOptions()))
    text = pdf.text.replace("\n", " ")

    assert "CHAPTER-TWO-TEXT: a motion needs a seconder." in text
    assert "CHAPTER-ONE-TEXT" not in text
    assert "Original: The Branch Handbook, Chapter II: The Vote, pages 12-19" in text
    assert "Other readings" in text
    assert "Tressell, The Ragged Trousered Philanthropists, chapter 1" in text
    assert "OUR-OWN-NOTES" in text
    # The library reading comes before the other readings.
    assert text.index("CHAPTER-TWO-TEXT") < text.index("OUR-OWN-NOTES")
    assert "Readings for this session" in pdf.outline_titles()


def test_a_page_range_prints_the_short_text_whole_with_chapter_references(
    session, pamphlet, read_pdf
):
    SessionReadingFactory(session=session, text=pamphlet, pages="3-5")
    text = read_pdf(
        pack_render(page=session, options=PackOptions(size="large"))
    ).text.replace("\n", " ")
    assert "Why Unions, pages 3-5" in text
    assert "PAMPHLET-ONE-TEXT" in text and "PAMPHLET-TWO-TEXT" in text
    assert "Original: Why Unions, Part One: The Shop Floor" in text
    assert "Original: Why Unions, Part Two: The Union" in text


def test_readings_print_in_their_order_and_alongside_the_module(
    session, handbook, pamphlet, module, read_pdf
):
    session.module = module
    session.save()
    SessionReadingFactory(
        session=session, text=pamphlet, section=chapter(pamphlet, "Part Two: The Union")
    )
    SessionReadingFactory(
        session=session,
        text=handbook,
        section=chapter(handbook, "Chapter I: The Meeting"),
    )
    text = read_pdf(pack_render(page=session, options=PackOptions())).text
    text = text.replace("\n", " ")
    assert text.index("PAMPHLET-TWO-TEXT") < text.index("CHAPTER-ONE-TEXT")
    assert "OPENING-TEXT-MARKER" in text  # the module is still printed
    assert "PAMPHLET-ONE-TEXT" not in text and "CHAPTER-TWO-TEXT" not in text


def test_an_unpublished_text_is_cited_but_not_printed(session, handbook, read_pdf):
    SessionReadingFactory(
        session=session,
        text=handbook,
        section=chapter(handbook, "Chapter II: The Vote"),
    )
    handbook.unpublish()
    text = read_pdf(pack_render(page=session, options=PackOptions())).text
    text = text.replace("\n", " ")
    assert "The Branch Handbook, Chapter II: The Vote" in text
    assert "CHAPTER-TWO-TEXT" not in text


def test_editing_the_readings_makes_a_new_pack(client, session, handbook, pamphlet):
    url = reverse("packs:session", args=[session.pk])  # the learner's pack: anyone
    options = PackOptions()

    def key():
        response = client.get(url)
        assert response["Content-Type"] == "application/pdf"
        return PackFile.objects.get(source_kind="session", source_id=session.pk).key

    keys = [key()]
    reading = SessionReadingFactory(session=session, text=handbook, pages="12-19")
    keys.append(key())
    reading.section = chapter(handbook, "Chapter II: The Vote")
    reading.save()
    keys.append(key())
    reading.pages = "12-20"
    reading.save()
    keys.append(key())
    # A cited range prints other paragraphs: a new pack.
    reading.cite, reading.cite_from, reading.cite_to = "paragraphs", "1", "2"
    reading.save()
    keys.append(key())
    SessionReadingFactory(session=session, text=pamphlet)
    keys.append(key())
    # The same readings again: the same pack.
    assert key() == keys[-1]
    # A corrected text (a new published revision) makes a new pack too.
    handbook.save_revision().publish()
    keys.append(key())
    reading.delete()
    keys.append(key())

    assert len(set(keys)) == len(keys), keys
    assert pack_source(session).revision(options) in keys[-1]


def test_a_new_layout_makes_every_pack_again(session, module, monkeypatch):
    """Packs made before the templates changed are not served as they were."""
    from packs.documents import sources

    options = PackOptions(edition="learner")
    before = [
        pack_source(session).revision(options),
        pack_source(module).revision(options),
    ]
    monkeypatch.setattr(sources, "PACK_LAYOUT", "next")
    after = [
        pack_source(session).revision(options),
        pack_source(module).revision(options),
    ]
    assert before[0] != after[0] and before[1] != after[1]
