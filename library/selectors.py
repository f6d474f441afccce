"""Reads for the library: browsing with filters and facets, passages found.

Search goes through Wagtail's search API only (``.search()``,
``.autocomplete()``), so it works on whichever backend the settings choose.
Extras a backend may offer (highlighted snippets, spelling suggestions) are
used when present and replaced by plain fallbacks when not.
"""

import html
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from taggit.models import Tag
from wagtail.search.utils import parse_query_string

from .models import LENGTHS, Author, TextPage, TextSection
from .reading import passage_screens

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


def search_parsed(queryset, query: str, *, operator: str, fields=None):
    """``queryset.search`` with quoted phrases as phrases.

    What the backend raises is raised: a broken search is not "nothing
    found" (the site search view shows readers that search is unavailable).
    """
    _filters, parsed = parse_query_string(query, operator=operator)
    return queryset.search(parsed, operator=operator, fields=fields)


def _sections_of(texts):
    """The sections of ``texts``, filtered by a subquery: the search backend
    reads the ids itself, with no list of thousands of ids to build per search."""
    return TextSection.objects.filter(page__in=texts.values("pk"))


def text_ids_matching(*, query: str, operator: str = "and", within=None) -> list[int]:
    """Live texts whose metadata or body matches, best first."""
    base = within if within is not None else TextPage.objects.live().public()
    found = [p.pk for p in search_parsed(base, query, operator=operator)[:500]]
    sections = search_parsed(_sections_of(base), query, operator=operator)
    found.extend(s.page_id for s in sections[:500])
    return list(dict.fromkeys(found))


def library_browse(*, library, params) -> dict:
    """Everything the library index page shows for its GET parameters."""
    filters = LibraryFilters.from_params(params)
    query = query_clean(raw=params.get("q", ""))
    operator = "or" if params.get("operator") == "or" else "and"
    base = TextPage.objects.child_of(library).live().public()
    unavailable = False
    if query:
        try:
            ids = text_ids_matching(query=query, operator=operator, within=base)
        except Exception:  # noqa: BLE001 - any backend failure: readers see an outage
            logger.exception("Library search failed for %r", query)
            ids, unavailable = [], True
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
        if query and not unavailable
        else [],
        "search_unavailable": unavailable,
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


def backend_snippet(result) -> str:
    """Snippet a backend may attach to a hit (whoosh_modelsearch sets one)."""
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
    results = search_parsed(_sections_of(texts), query, operator=operator)
    sections = list(results[:50])
    texts_by_id = TextPage.objects.in_bulk({section.page_id for section in sections})
    screens = passage_screens(section_ids={s.pk for s in sections}, query=query)
    passages = []
    for section in sections:
        text = texts_by_id.get(section.page_id)
        if text is None:
            continue
        snippet = backend_snippet(section) or snippet_for(
            body_html=section.body, query=query
        )
        url = passage_url(
            text=text, section=section, query=query, screen=screens.get(section.pk)
        )
        passages.append(Passage(section=section, text=text, url=url, snippet=snippet))
    return passages


def passage_url(*, text, section, query: str, screen=None) -> str:
    """A search hit's address: the screen of the section holding the passage,
    with the terms marked (``screen`` from ``reading.passage_screens``).
    The search app builds its links to the library's passages with this."""
    params = {"q": query}
    if screen and screen[0] > 1:
        params["page"] = screen[0]
    return f"{text.section_url(section)}?{_urlencode(params)}#hit-1"


def _urlencode(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)
