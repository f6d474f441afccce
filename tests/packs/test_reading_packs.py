"""Print what you read: a library chapter or cited range as a clear- or
large-print PDF, read back: the same paragraph numbers as the web page, the
original page turns, a running head naming the reading and its pages."""

import re

import pytest
from django.urls import reverse

from packs.models import PackFile
from packs.reading_models import ReadingPrint
from tests.factories.library import TextPageFactory, sections

pytestmark = pytest.mark.django_db


def _chapter(first_page: int, count: int, word: str) -> str:
    """Paragraphs of about 120 words; every third begins a new original page."""
    parts = []
    for n in range(count):
        mark = f'<span data-page="{first_page + n // 3}"></span>' if n % 3 == 0 else ""
        filler = " ".join(["the branch read on together"] * 24)
        parts.append(f"<p>{mark}{word.upper()}-{n} begins here and {filler}.</p>")
    return "".join(parts)


@pytest.fixture
def minutes(library):
    return TextPageFactory(
        parent=library,
        title="Minutes of the Crown Branch",
        sections=sections(
            ("Chapter 1: The First Meeting", _chapter(15, 9, "first")),
            ("Chapter 2: The Second Meeting", _chapter(18, 30, "second")),
        ),
    )


def _print(client, text, **query):
    response = client.get(reverse("packs:reading_print", args=[text.pk]), query)
    return response, response


def _pdf(response, read_pdf):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return read_pdf(b"".join(response.streaming_content))


SECTION = "chapter-2-the-second-meeting"


def test_a_cited_range_prints_exactly_and_numbers_match_the_web(
    client, minutes, read_pdf
):
    query = {"section": f"{minutes.pk}:{SECTION}", "cite": "paragraphs"}
    web = client.get(f"{minutes.url}{SECTION}/").content.decode()
    # Paragraph 12 is the third of chapter 2 on the web.
    assert re.search(
        r'id="p12"><a class="para-number" href="#p12">.*?SECOND-2 begins', web
    )
    for size in ("clear", "large"):
        _, response = _print(
            client, minutes, size=size, **query, **{"from": "12", "to": "14"}
        )
        pdf = _pdf(response, read_pdf)
        text = " ".join(pdf.text.split())
        assert re.search(r"\b12 SECOND-2 begins", text), (size, text)
        assert re.search(r"\b13 \[?original page 19\]? ?SECOND-3 begins", text), size
        assert "SECOND-4 begins" in text
        assert "SECOND-1 begins" not in text and "SECOND-5 begins" not in text
        assert "FIRST-" not in text


def test_large_print_has_no_character_under_16pt_and_a_running_head(
    client, minutes, read_pdf
):
    query = {"section": f"{minutes.pk}:{SECTION}", "size": "large"}
    _, response = _print(client, minutes, **query)
    pdf = _pdf(response, read_pdf)
    runs = pdf.runs()
    too_small = {(r["size"], r["text"].strip()[:30]) for r in runs if r["size"] < 16}
    assert not too_small
    assert len(pdf.pages) >= 4
    # Running head: the reading on the left, its original pages on the right.
    second = " ".join(pdf.pages[2].split())
    assert "Minutes of the Crown Branch" in second
    assert re.search(r"Original pages \d+–\d+", second), second[:300]
    assert "Chapter 2: The Second Meeting" in pdf.outline_titles()


def test_a_whole_chapter_prints_in_clear_print_and_is_cached(client, minutes, read_pdf):
    query = {"section": f"{minutes.pk}:{SECTION}"}
    _, response = _print(client, minutes, **query)
    text = " ".join(_pdf(response, read_pdf).text.split())
    assert "SECOND-0 begins" in text and "SECOND-29 begins" in text
    pack = PackFile.objects.get(source_kind="reading")
    again = client.get(reverse("packs:reading", args=[pack.source_id]))
    assert b"".join(again.streaming_content).startswith(b"%PDF")
    assert PackFile.objects.filter(source_kind="reading").count() == 1
    assert ReadingPrint.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"cite": "paragraphs", "from": "40", "to": "12"}, "runs backwards"),
        (
            {"cite": "paragraphs", "from": "12", "to": "999"},
            "There is no paragraph 999",
        ),
        ({"cite": "pages", "from": "1", "to": "2"}, "There is no original page 1"),
        ({"edition": "facilitator"}, "clear or large print only"),
    ],
)
def test_bad_requests_say_why_and_save_nothing(client, minutes, query, message):
    response, _ = _print(client, minutes, section=f"{minutes.pk}:{SECTION}", **query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReadingPrint.objects.exists() and not PackFile.objects.exists()


def test_a_draft_text_is_not_printed(client, library):
    draft = TextPageFactory(parent=library, live=False)
    response = client.get(reverse("packs:reading_print", args=[draft.pk]))
    assert response.status_code == 404


def test_the_library_page_offers_print_links(client, minutes):
    html = client.get(f"{minutes.url}{SECTION}/").content.decode()
    url = reverse("packs:reading_print", args=[minutes.pk])
    assert (
        f'<a href="{url}?section={minutes.pk}%3A{SECTION}&amp;size=large" '
        'rel="nofollow">large print (PDF)</a>' in html
    )
    html = client.get(minutes.url).content.decode()
    assert f'<a href="{url}?size=clear" rel="nofollow">clear print (PDF)</a>' in html


def test_a_module_pack_prints_exactly_the_cited_range(course, minutes):
    from packs.options import PackOptions
    from packs.services import pack_html
    from tests.factories.courses import ModulePageFactory

    module = ModulePageFactory(
        parent=course,
        title="Reading the minutes",
        body=[
            (
                "reading",
                {
                    "title": "Minutes",
                    "text": minutes,
                    "section": f"{minutes.pk}:{SECTION}",
                    "cite": "pages",
                    "cite_from": "19",
                    "cite_to": "19",
                },
            )
        ],
    )
    html = " ".join(pack_html(source=module, options=PackOptions()).split())
    # Page 19 begins with paragraph 13 (SECOND-3) and runs to SECOND-5.
    assert re.search(r'para-number"[^>]*>13</span> <span class="page-turn">', html)
    assert "SECOND-3 begins" in html and "SECOND-5 begins" in html
    assert "SECOND-2 begins" not in html and "SECOND-6 begins" not in html
    assert (
        "Minutes of the Crown Branch, Chapter 2: The Second Meeting, original page 19"
        in html
    )
