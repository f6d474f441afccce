"""A long chapter reads a screen at a time, numbers in the margin, the place
remembered for the account (and, through reading.js, on the device)."""

import re

import pytest

from library.models import TextParagraph
from library.reading import paragraph_url
from tests.factories.library import TextPageFactory, sections


def _long_chapter(paragraphs: int, words: int = 250, page_every: int = 0) -> str:
    parts = []
    for n in range(1, paragraphs + 1):
        mark = (
            f'<span data-page="{n // page_every}"></span>'
            if page_every and n % page_every == 0
            else ""
        )
        body = " ".join(f"word{n}x{i}" for i in range(words))
        parts.append(f"<p>{mark}{body}</p>")
    return "".join(parts)


@pytest.fixture
def book(library):
    return TextPageFactory(
        parent=library,
        title="The Long Book",
        sections=sections(
            (
                "Chapter 1: Short",
                "<p>A short opening paragraph.</p><p>And another.</p>",
            ),
            ("Chapter 2: Long", _long_chapter(40, page_every=8)),
            ("Chapter 3: End", "<p>The end.</p>"),
        ),
    )


def test_a_long_chapter_is_cut_into_screens_at_paragraph_boundaries(client, book):
    url = f"{book.url}chapter-2-long/"
    first = client.get(url).content.decode()
    # 40 paragraphs of 250 words: six to a screen (1,500 words), seven screens.
    assert 'id="p3"' in first and 'id="p8"' in first and 'id="p9"' not in first
    assert "(page 1 of 7)" in first
    assert f'href="{url}?page=2"' in first
    assert 'data-screens="1:3-8,2:9-14,' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert 'id="p9"' in second and 'id="p14"' in second and 'id="p8"' not in second
    # Previous and next at the top and the bottom, the contents one tap away.
    assert second.count(f'rel="prev" href="{url}"') == 2
    assert second.count(f'rel="next" href="{url}?page=3"') == 2
    assert '<a href="#toc-heading">Contents</a>' in second
    last = client.get(url, {"page": 7}).content.decode()
    assert 'rel="next" href="/library/the-long-book/chapter-3-end/"' in last
    assert client.get(url, {"page": 8}).status_code == 404
    assert 'id="p3"' in client.get(url, {"page": "x"}).content.decode()


def test_numbers_sit_in_the_margin_readable_and_linkable(client, book):
    html = client.get(f"{book.url}chapter-2-long/", {"page": 2}).content.decode()
    assert (
        '<div class="para" id="p9"><a class="para-number" href="#p9">'
        '<span class="visually-hidden">paragraph </span>9</a><p>' in html
    )
    # The 8th paragraph of chapter 2 (numbers start at 3 there) begins page 1.
    assert (
        '<div class="para" id="p10"><a class="para-number" href="#p10"><span '
        'class="visually-hidden">paragraph </span>10</a><p><span class="page-turn" '
        'id="page-1">original page 1</span>word8x0' in html
    )
    assert paragraph_url(text=book, number=9) == (
        "/library/the-long-book/chapter-2-long/?page=2#p9"
    )


# An anonymous reader's screen: Wagtail's site, the home page and the library
# (4), the text in one query (library.models.LibraryIndexPage.route), its view
# restrictions in one (TextPage.get_view_restrictions), its sections, its
# authors; a screen not yet rendered adds the screens and the paragraphs.
SCREEN_QUERIES = 8
FIRST_RENDER_QUERIES = 2


def test_a_chapter_page_makes_the_same_queries_however_long_the_chapter(
    client, library, django_assert_num_queries
):
    short = TextPageFactory(
        parent=library, sections=sections(("Only", _long_chapter(3, words=20)))
    )
    long = TextPageFactory(
        parent=library, sections=sections(("Only", _long_chapter(40, words=250)))
    )
    client.get(short.url + "only/")  # warm Wagtail's site root paths
    cold = SCREEN_QUERIES + FIRST_RENDER_QUERIES
    for url, screen in ((short.url, 1), (long.url, 3), (long.url, 7)):
        with django_assert_num_queries(cold if url == long.url else SCREEN_QUERIES):
            response = client.get(url + "only/", {"page": screen})
        assert response.status_code == 200
        with django_assert_num_queries(SCREEN_QUERIES):
            again = client.get(url + "only/", {"page": screen})
        assert again.content == response.content


def test_a_cached_screen_is_never_shown_once_the_text_changes(client, book):
    url = f"{book.url}chapter-2-long/"
    assert "word9x0" in client.get(url, {"page": 2}).content.decode()
    section = book.sections.get(anchor="chapter-2-long")
    section.body = section.body.replace("word9x0", "rewritten-opening")
    book.sections = [section, *book.sections.exclude(pk=section.pk)]
    book.save_revision().publish()
    html = client.get(url, {"page": 2}).content.decode()
    assert "rewritten-opening" in html and "word9x0" not in html


def test_a_stale_hash_copied_from_a_revision_is_put_right(book):
    """Publishing a revision saves the hash the revision holds; the numbering
    hashes the rows again, so the cache key always follows the content."""
    from library.models import TextSection
    from library.numbering import paragraphs_rebuild
    from library.reading import paragraphs_digest

    TextSection.objects.filter(page=book).update(paragraphs_hash="stale")
    paragraphs_rebuild(text=book)
    for section in TextSection.objects.filter(page=book):
        rows = TextParagraph.objects.filter(section=section).order_by("position")
        assert section.paragraphs_hash == paragraphs_digest(rows=rows)


def test_the_text_of_a_private_part_of_the_site_stays_private(client, book, library):
    """TextPage answers Wagtail's view restrictions in one query: a
    restriction on the library (an ancestor) still applies to its screens."""
    from wagtail.models import PageViewRestriction

    url = f"{book.url}chapter-2-long/"
    assert client.get(url).status_code == 200
    PageViewRestriction.objects.create(
        page=library, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]
    assert list(book.get_view_restrictions()) == list(
        super(type(book), book).get_view_restrictions()
    )


def test_the_place_is_remembered_for_the_account_only(
    client, book, library, learner, other_learner
):
    client.force_login(learner)
    client.get(f"{book.url}chapter-2-long/", {"page": 3})
    link = (
        '<a class="button" href="/library/the-long-book/chapter-2-long/?page=3">'
        "Carry on reading: The Long Book, Chapter 2: Long (page 3)</a>"
    )
    assert link in client.get(library.url).content.decode()
    assert link in client.get(book.url).content.decode()
    client.get(f"{book.url}chapter-3-end/")
    html = client.get(book.url).content.decode()
    assert "Carry on reading: The Long Book, Chapter 3: End" in html
    client.force_login(other_learner)
    assert "Carry on reading:" not in client.get(library.url).content.decode()
    client.logout()
    html = client.get(library.url).content.decode()
    # Without an account: an empty box reading.js fills from this device.
    assert re.search(r'<div class="carry-on" data-carry-on\s+hidden>', html)
    assert "js/reading.js" in html


def test_paragraph_rows_follow_an_edit_and_leave_other_chapters_alone(book):
    before = dict(
        TextParagraph.objects.filter(
            text=book, section__anchor="chapter-3-end"
        ).values_list("number", "pk")
    )
    chapters = list(book.sections.order_by("sort_order"))
    chapters[0].body = "<p>A short opening paragraph, edited.</p><p>And another.</p>"
    book.sections = chapters  # as the admin's form sets them
    book.save()
    after = dict(
        TextParagraph.objects.filter(
            text=book, section__anchor="chapter-3-end"
        ).values_list("number", "pk")
    )
    assert after == before
    assert TextParagraph.objects.get(text=book, number=1).html.endswith("edited.</p>")


def test_a_search_hit_opens_the_screen_holding_the_passage(client, book):
    response = client.get("/search/", {"q": "word20x5"})
    passage = response.context["passages"][0]
    # The 20th paragraph of chapter 2 is number 22, on the fourth screen.
    assert passage.url == (
        "/library/the-long-book/chapter-2-long/?q=word20x5&page=4#hit-1"
    )
    html = client.get(passage.url.split("#")[0]).content.decode()
    assert '<mark id="hit-1" tabindex="-1">word20x5</mark>' in html
    assert 'id="p22"' in html
