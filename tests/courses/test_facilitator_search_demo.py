"""Every word of every facilitator note and prompt in the demo content, searched
logged out: no result, snippet or suggestion gives any of it away.

A word also used in learner content (a module's questions, a library guide) may
legitimately find pages; then no snippet may show a run of words that only a
facilitator's text holds. A word found only in facilitator content finds
nothing at all.
"""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail import blocks
from wagtail.models import Page
from whoosh.lang.porter import stem

from core.blocks import is_facilitator_only
from courses.models import ModulePage
from library.models import TextSection

pytestmark = pytest.mark.django_db

WORD = re.compile(r"[^\W\d_]{3,}")
SHINGLE = 4  # words in a row that make a facilitator's phrase


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _plain(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def facilitator_texts(block, value) -> list[str]:
    """The text of every part of ``value`` its blocks declare facilitator-only."""
    if is_facilitator_only(block):
        return [_plain(text) for text in _all_content(block, value)]
    if isinstance(block, blocks.StreamBlock):
        return [
            t for child in value for t in facilitator_texts(child.block, child.value)
        ]
    if isinstance(block, blocks.StructBlock):
        return [
            t
            for name, child in block.child_blocks.items()
            for t in facilitator_texts(child, value.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        return [t for item in value for t in facilitator_texts(block.child_block, item)]
    return []


def _all_content(block, value) -> list[str]:
    """Everything in a facilitator-only block, however its class indexes it."""
    if isinstance(block, blocks.StreamBlock):
        return [t for child in value for t in _all_content(child.block, child.value)]
    if isinstance(block, blocks.StructBlock):
        return [
            t
            for name, child in block.child_blocks.items()
            for t in _all_content(child, value.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        return [t for item in value for t in _all_content(block.child_block, item)]
    return [str(value)] if value else []


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in re.findall(r"[^\W_]+", text)]
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@pytest.fixture
def demo(home):
    call_command("load_demo", force=True, stdout=StringIO())
    modules = list(ModulePage.objects.live())
    assert modules
    return modules


def _learner_corpus(client) -> str:
    """What anyone may read: every live page as served logged out, and every
    section of the library's texts."""
    parts = []
    for page in Page.objects.live().public().specific():
        if page.url is None:
            continue
        response = client.get(page.url)
        if response.status_code == 200:
            parts.append(_plain(response.content.decode()))
    parts += [_plain(section.body) for section in TextSection.objects.all()]
    return " ".join(parts)


def _results(client, query: str) -> tuple[list[str], str]:
    """The hits and passages (title and snippet each), and any "did you mean"."""
    html = client.get("/search/", {"q": query, "operator": "or"}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    hits = [
        " ".join(li.get_text(" ").split()) for li in soup.select(".search-results li")
    ]
    suggestion = " ".join(a.get_text(" ") for a in soup.select(".search-summary a"))
    return hits, suggestion


def test_no_word_of_any_facilitator_note_or_prompt_is_found_by_the_public(client, demo):
    private = []
    for module in demo:
        private += facilitator_texts(module.body.stream_block, module.body)
    assert len(private) >= 10, "the demo should have notes and prompts to search"
    learner_text = _learner_corpus(client)
    for text in private:  # the test's own check that the corpus is learner-only
        assert text not in learner_text
    learner_words = _words(learner_text)
    learner_stems = {stem(w) for w in learner_words}
    learner_shingles = _shingles(learner_text)
    private_shingles = set().union(*(_shingles(t) for t in private))
    private_shingles -= learner_shingles
    words = sorted({w for t in private for w in _words(t)})
    only_private = [w for w in words if stem(w) not in learner_stems]
    assert len(only_private) >= 20, only_private  # enough words that must find nothing

    # Control: a learner word of a demo module is found, so a miss means something.
    assert any(demo[0].title in hit for hit in _results(client, demo[0].title)[0])

    autocomplete = reverse("search:autocomplete")
    for word in words:
        hits, suggestion = _results(client, word)
        suggestions = client.get(autocomplete, {"q": word}).json()["results"]
        if word in only_private:
            assert hits == [], (word, hits)
            assert suggestions == [], (word, suggestions)
        assert not set(_words(suggestion)) & set(only_private) - {word}, (
            word,
            suggestion,
        )
        for shown in hits + [s["label"] for s in suggestions]:
            leaked = _shingles(shown) & private_shingles
            assert not leaked, (word, shown, leaked)
