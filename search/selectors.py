"""Reads for the site search: pages of every searchable type, library
passages, "did you mean" and autocomplete.

Search goes through Wagtail's search API only (``.search()``,
``.autocomplete()``), so it works on whichever backend the settings choose.
Extras a backend may offer (highlighted snippets, spelling suggestions) are
used when present and replaced by plain fallbacks when not. What the backend
raises is raised: the view decides what readers see.
"""

import difflib
import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.html import strip_tags
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from library.models import Author, TextPage, TextSection
from library.selectors import (
    backend_snippet,
    highlight,
    passages_matching,
    query_clean,
    search_parsed,
)

PER_PAGE = 20


@dataclass
class PageHit:
    page: Page
    snippet: str
    kind: str


def _page_summary(page) -> str:
    for name in ("summary", "objective", "intro", "search_description"):
        value = getattr(page, name, "")
        if isinstance(value, str) and value:
            return strip_tags(value)
    return ""


def site_search(*, query: str, operator: str, scope: str, page_number) -> dict:
    """Pages of every searchable type the backend indexes, plus library passages."""
    pages = Page.objects.live().public().exclude(depth__lte=2)
    if scope == "library":
        pages = pages.type(TextPage)
    elif scope == "courses":
        pages = pages.not_type(TextPage)
    results = search_parsed(pages, query, operator=operator)
    hits = []
    paginator = Paginator(results, PER_PAGE)
    page_obj = paginator.get_page(page_number)
    found = list(page_obj.object_list)
    # One query per page type, not one per hit.
    specifics = {
        p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in found]).specific()
    }
    for page in found:
        specific = specifics.get(page.pk)
        if specific is None:
            continue
        snippet = backend_snippet(page) or highlight(
            text=_page_summary(specific)[:300], query=query
        )
        hits.append(
            PageHit(page=specific, snippet=snippet, kind=specific._meta.verbose_name)
        )
    passages = []
    if scope != "courses" and (page_obj.number == 1):
        passages = passages_matching(query=query, operator=operator)[:10]
    return {
        "hits": hits,
        "results_page": page_obj,
        "paginator": paginator,
        "passages": passages,
    }


def _vocabulary() -> set[str]:
    words = set()
    titles = Page.objects.live().public().values_list("title", flat=True)
    names = Author.objects.values_list("name", flat=True)
    tags = Tag.objects.values_list("name", flat=True)
    for value in [*titles, *names, *tags]:
        words.update(w.lower() for w in re.findall(r"[^\W\d_]{3,}", value))
    return words


def did_you_mean(*, query: str, operator: str = "and") -> str:
    """A corrected query, from the backend's ``suggest()`` (Whoosh and
    PostgreSQL suggest words of the indexed texts) or, on a backend without
    one, from the titles, authors and tags; offered only if it finds a live,
    public page or passage (the index also holds drafts, whose words must
    not leak through a suggestion)."""
    suggest = getattr(get_search_backend(), "suggest", None)
    if callable(suggest):
        value = suggest(query)
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        value = str(value or "")
        if value.strip().lower() == query.lower():
            value = ""
    else:
        value = titles_did_you_mean(query=query)
    return value if value and _finds_something(value, operator=operator) else ""


def _finds_something(query: str, *, operator: str) -> bool:
    pages = Page.objects.live().public().exclude(depth__lte=2)
    if list(search_parsed(pages, query, operator=operator)[:1]):
        return True
    texts = TextPage.objects.live().public().values("pk")
    sections = TextSection.objects.filter(page__in=texts)
    return bool(list(search_parsed(sections, query, operator=operator)[:1]))


def titles_did_you_mean(*, query: str) -> str:
    """The fallback: each word not in a title, author or tag replaced by the
    closest one that is (difflib). It only knows those words, so a word of a
    text's body is "corrected" to the nearest title word."""
    vocabulary = _vocabulary()
    changed, out = False, []
    for word in query.split():
        bare = word.strip('"').lower()
        if len(bare) < 3 or bare in vocabulary or not bare.isalpha():
            out.append(word)
            continue
        match = difflib.get_close_matches(bare, vocabulary, n=1, cutoff=0.75)
        if match:
            out.append(match[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else ""


def autocomplete_suggestions(*, prefix: str, limit: int = 8) -> list[dict]:
    """Titles and authors starting with what the reader has typed."""
    prefix = query_clean(raw=prefix)[:60]
    if len(prefix) < 2:
        return []
    pages = Page.objects.live().public().exclude(depth__lte=2)
    out = [
        {"label": p.title, "kind": "title", "url": p.url}
        for p in pages.autocomplete(prefix)[:limit]
    ]
    authors = list(Author.objects.autocomplete(prefix)[:limit])
    out.extend({"label": a.name, "kind": "author", "url": ""} for a in authors)
    return out[: limit * 2]
