"""Reads for the library: browsing with filters and facets, and site search.

Search goes through Wagtail's search API only (``.search()``,
``.autocomplete()``), so it works on whichever backend the settings choose.
Extras a backend may offer (highlighted snippets, spelling suggestions) are
used when present and replaced by plain fallbacks when not.
"""

import difflib
import html
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.html import strip_tags
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import parse_query_string

from .models import LENGTHS, Author, TextPage, TextSection

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
SORTS = {
    "title": ("Title, A to Z", ["title"]),
    "oldest": ("Oldest first", ["original_year", "title"]),
    "newest": ("Newest first", ["-original_year", "title"]),
    "shortest": ("Shortest first", ["reading_minutes", "title"]),
    "longest": ("Longest first", ["-reading_minutes", "title"]),
    "added": ("Recently added", ["-first_published_at", "title"]),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def query_clean(*, raw: str) -> str:
    """What we send to the backend: no control characters, a sane length."""
    text = _CONTROL.sub(" ", raw or "")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip()


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass
class LibraryFilters:
    tag: str = ""
    author: int | None = None
    decade: int | None = None
    length: str = ""
    level: str = ""
    sort: str = "title"

    @classmethod
    def from_params(cls, params) -> "LibraryFilters":
        decade = _int_or_none(params.get("decade"))
        length = params.get("length", "")
        level = params.get("level", "")
        sort = params.get("sort", "")
        return cls(
            tag=_CONTROL.sub("", params.get("tag") or "")[:100],
            author=_int_or_none(params.get("author")),
            decade=decade - decade % 10 if decade is not None else None,
            length=length if length in {k for k, *_ in LENGTHS} else "",
            level=level if level in TextPage.ReadingLevel.values else "",
            sort=sort if sort in SORTS else "title",
        )

    def apply(self, qs, *, skip: str = ""):
        if self.tag and skip != "tag":
            qs = qs.filter(tags__slug=self.tag)
        if self.author and skip != "author":
            qs = qs.filter(authors__pk=self.author)
        if self.decade is not None and skip != "decade":
            qs = qs.filter(
                original_year__gte=self.decade, original_year__lt=self.decade + 10
            )
        if self.length and skip != "length":
            _key, _label, low, high = next(x for x in LENGTHS if x[0] == self.length)
            qs = qs.filter(reading_minutes__gte=low)
            if high is not None:
                qs = qs.filter(reading_minutes__lte=high)
        if self.level and skip != "level":
            qs = qs.filter(reading_level=self.level)
        return qs

    @property
    def active(self) -> bool:
        return bool(
            self.tag
            or self.author
            or self.decade is not None
            or self.length
            or self.level
        )


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)  # (value, label, count, selected)


def _facets(*, base, filters: LibraryFilters) -> list[Facet]:
    """Counts per filter value, each counted with the *other* filters applied."""
    facets = []

    qs = filters.apply(base, skip="tag")
    rows = (
        Tag.objects.filter(library_texttag_items__content_object__in=qs)
        .annotate(n=Count("library_texttag_items", distinct=True))
        .order_by("-n", "name")[:30]
    )
    facets.append(
        Facet(
            "tag", "Topic", [(t.slug, t.name, t.n, t.slug == filters.tag) for t in rows]
        )
    )

    qs = filters.apply(base, skip="author")
    rows = (
        Author.objects.filter(texts__in=qs)
        .annotate(n=Count("texts", distinct=True))
        .order_by("sort_name", "name")
    )
    facets.append(
        Facet(
            "author",
            "Author",
            [(a.pk, a.name, a.n, a.pk == filters.author) for a in rows],
        )
    )

    qs = filters.apply(base, skip="decade")
    decades = Counter(
        y - y % 10
        for y in qs.exclude(original_year=None).values_list("original_year", flat=True)
    )
    facets.append(
        Facet(
            "decade",
            "Period",
            [(d, f"{d}s", n, d == filters.decade) for d, n in sorted(decades.items())],
        )
    )

    qs = filters.apply(base, skip="length")
    options = []
    for key, label, low, high in LENGTHS:
        cond = Q(reading_minutes__gte=low) & (
            Q() if high is None else Q(reading_minutes__lte=high)
        )
        n = qs.filter(cond).count()
        if n:
            options.append((key, label, n, key == filters.length))
    facets.append(Facet("length", "Length", options))

    qs = filters.apply(base, skip="level")
    counts = dict(qs.values_list("reading_level").annotate(n=Count("pk")).order_by())
    facets.append(
        Facet(
            "level",
            "Reading level",
            [
                (value, label, counts[value], value == filters.level)
                for value, label in TextPage.ReadingLevel.choices
                if counts.get(value)
            ],
        )
    )
    return [f for f in facets if f.options]


def _search(queryset, query: str, *, operator: str, fields=None):
    """``queryset.search`` with quoted phrases; returns None if the backend refuses."""
    _filters, parsed = parse_query_string(query, operator=operator)
    try:
        return queryset.search(parsed, operator=operator, fields=fields)
    except Exception:  # noqa: BLE001 - a query the backend can't parse is "no results"
        logger.warning("Search failed for %r", query, exc_info=True)
        return None


def _sections_of(texts):
    """The sections of ``texts``, filtered by a subquery: the search backend
    reads the ids itself, with no list of thousands of ids to build per search."""
    return TextSection.objects.filter(page__in=texts.values("pk"))


def text_ids_matching(*, query: str, operator: str = "and", within=None) -> list[int]:
    """Live texts whose metadata or body matches, best first."""
    base = within if within is not None else TextPage.objects.live().public()
    found = []
    results = _search(base, query, operator=operator)
    if results is not None:
        found.extend(p.pk for p in results[:500])
    results = _search(_sections_of(base), query, operator=operator)
    if results is not None:
        found.extend(s.page_id for s in results[:500])
    return list(dict.fromkeys(found))


def library_browse(*, library, params) -> dict:
    """Everything the library index page shows for its GET parameters."""
    filters = LibraryFilters.from_params(params)
    query = query_clean(raw=params.get("q", ""))
    operator = "or" if params.get("operator") == "or" else "and"
    base = TextPage.objects.child_of(library).live().public()
    if query:
        ids = text_ids_matching(query=query, operator=operator, within=base)
        base = base.filter(pk__in=ids)
    texts = filters.apply(base).distinct().order_by(*SORTS[filters.sort][1])
    paginator = Paginator(
        texts.prefetch_related("authors", "tags").select_related("original_file"),
        PER_PAGE,
    )
    page_obj = paginator.get_page(params.get("page"))
    return {
        "texts": page_obj,
        "paginator": paginator,
        "facets": _facets(base=base, filters=filters),
        "filters": filters,
        "query": query,
        "operator": operator,
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "passages": passages_matching(query=query, operator=operator, within=texts)[:5]
        if query
        else [],
    }


@dataclass
class Passage:
    section: TextSection
    text: TextPage
    url: str
    snippet: str  # safe HTML with <mark>


def highlight(*, text: str, query: str) -> str:
    """Escape ``text`` and wrap the query's words in <mark>."""
    escaped = html.escape(text)
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1]
    if not words:
        return escaped
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")", re.I)
    return pattern.sub(r"<mark>\1</mark>", escaped)


def snippet_for(*, body_html: str, query: str, width: int = 240) -> str:
    """A window of plain text around the first match, highlighted."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body_html)).split())
    phrases = re.findall(r'"([^"]+)"', query)
    words = phrases + [w for w in re.findall(r"\w+", query) if len(w) > 1]
    start = 0
    lower = text.lower()
    for w in words:
        at = lower.find(w.lower())
        if at >= 0:
            start = max(0, at - width // 3)
            break
    window = text[start : start + width]
    if start:
        window = "…" + window.split(" ", 1)[-1]
    if start + width < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    return highlight(text=window, query=query)


def _backend_snippet(result) -> str:
    """Snippet a backend may attach to a hit (core/search exposes one)."""
    for name in ("search_highlight", "highlight", "snippet"):
        value = getattr(result, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


def passages_matching(
    *, query: str, operator: str = "and", within=None
) -> list[Passage]:
    """Sections of live texts that match, each with a snippet and a link to it."""
    texts = within if within is not None else TextPage.objects.live().public()
    results = _search(_sections_of(texts), query, operator=operator)
    if results is None:
        return []
    sections = list(results[:50])
    texts_by_id = TextPage.objects.in_bulk({section.page_id for section in sections})
    passages = []
    for section in sections:
        text = texts_by_id.get(section.page_id)
        if text is None:
            continue
        snippet = _backend_snippet(section) or snippet_for(
            body_html=section.body, query=query
        )
        url = f"{text.section_url(section)}?{_urlencode({'q': query})}#hit-1"
        passages.append(Passage(section=section, text=text, url=url, snippet=snippet))
    return passages


def _urlencode(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


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
    results = _search(pages, query, operator=operator)
    hits = []
    paginator = Paginator(results if results is not None else [], PER_PAGE)
    page_obj = paginator.get_page(page_number)
    for page in page_obj.object_list:
        specific = page.specific
        snippet = _backend_snippet(page) or highlight(
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


def did_you_mean(*, query: str) -> str:
    """A corrected query, from the backend's ``suggest()`` or our own vocabulary."""
    backend = get_search_backend()
    suggest = getattr(backend, "suggest", None)
    if callable(suggest):
        try:
            value = suggest(query)
        except Exception:  # noqa: BLE001 - a suggestion is a nicety
            value = None
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if value and str(value).strip().lower() != query.lower():
            return str(value)
        return ""
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
    out = []
    try:
        pages = list(
            Page.objects.live()
            .public()
            .exclude(depth__lte=2)
            .autocomplete(prefix)[:limit]
        )
    except Exception:  # noqa: BLE001 - fall back to a plain lookup
        pages = list(
            Page.objects.live().public().filter(title__icontains=prefix)[:limit]
        )
    out.extend({"label": p.title, "kind": "title", "url": p.url} for p in pages)
    try:
        authors = list(Author.objects.autocomplete(prefix)[:limit])
    except Exception:  # noqa: BLE001
        authors = list(Author.objects.filter(name__icontains=prefix)[:limit])
    out.extend({"label": a.name, "kind": "author", "url": ""} for a in authors)
    return out[: limit * 2]
