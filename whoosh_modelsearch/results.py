"""Search results: hits ranked and read back through the queryset, with
snippets, counts and facets. See ``backend`` for the API views use."""

from collections import Counter, OrderedDict

from django.utils.safestring import mark_safe
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import highlight, searching

from . import _whoosh_internals as internals
from . import documents, postings, ranking
from .schema import TEXT
from .store import column_of


class MarkFormatter(highlight.HtmlFormatter):
    """Matches in a bare ``<mark>``; the text around them HTML-escaped."""

    def __init__(self):
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text, token, replace=False):
        word = highlight.htmlescape(
            highlight.get_text(text, token, replace), quote=False
        )
        return f"<mark>{word}</mark>"


#: Evaluated slices of at most this many hits get snippets without asking.
HIGHLIGHT_AUTO_LIMIT = 50
_AUTO = object()


#: Filters' document sets kept per searcher (they repeat: every library search
#: filters on the same live texts); a new searcher, after a write, starts afresh.
FILTER_CACHE_SIZE = 32


def _pk_column(searcher):
    """The ``pk`` column's reader, opened once per searcher (a few ms each time)."""
    decoded = searcher.decoded
    if "pks" not in decoded:
        decoded["pks"] = column_of(searcher.reader(), "pk")
    return decoded["pks"]


def _filter_docs(searcher, query) -> set | None:
    """The documents ``query`` allows, from the searcher's cache.

    Whoosh turns a filter query into a bit set on every search: for the
    library's filter on 3,000 live texts that was about 60 ms a search.
    """
    if query is None:
        return None
    cache = searcher.decoded.setdefault("filters", {})
    docs = cache.get(query)
    if docs is None:
        if len(cache) >= FILTER_CACHE_SIZE:
            cache.clear()
        docs = cache[query] = set(searcher.docs_for_query(query))
    return docs


def _text_terms(query, reader) -> set[tuple[str, bytes]]:
    """The full-text terms of ``query`` (prefixes and fuzzy terms expanded)
    that are in the index. (``Query.existing_terms`` of whoosh-reloaded 2.7.5
    reuses its ``fieldname`` argument as a loop variable, so it skips every
    leaf after the first one of another field.)"""
    found = set()
    for leaf in query.leaves():
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if not fieldname.startswith(TEXT) or fieldname not in reader.schema:
                continue
            try:
                term = (fieldname, reader.schema[fieldname].to_bytes(text))
            except ValueError:
                continue
            if term in reader:
                found.add(term)
    return found


def _record_matched_terms(hits, docnums: list[int]) -> None:
    """Record which query terms occur in the given hits, as ``terms=True``
    would, and where (their character offsets), as the highlighter would.

    The highlighter then marks those offsets ("pinpoint" highlighting) instead
    of re-analysing the text. Whoosh's own ``terms=True`` records the terms of
    every matching document, which costs more than the search itself; its
    highlighter reads the offsets a posting at a time. Here both are done for
    the page of hits that get a snippet, a block of postings at a time.
    """
    searcher = hits.searcher
    reader = searcher.reader()
    wanted = sorted(set(docnums))
    hits.docterms, hits.termdocs = {}, {}
    offsets = {}
    for term in sorted(_text_terms(hits.q, reader)):
        fieldname, btext = term
        field = reader.schema[fieldname]
        found = postings.values_at(searcher, fieldname, btext, wanted)
        if not found:
            continue
        hits.termdocs[term] = sorted(found)
        for docnum in found:
            hits.docterms.setdefault(docnum, []).append(term)
        if field.format.supports("characters"):
            word = field.from_bytes(btext)
            cache = offsets.setdefault(fieldname, {docnum: {} for docnum in wanted})
            for docnum, value in found.items():
                cache[docnum][word] = field.format.decode_characters(value)
    internals.set_character_offsets(hits, offsets)


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True
    _highlight = _AUTO

    def _clone(self):
        clone = super()._clone()
        clone._highlight = self._highlight
        return clone

    def highlight(
        self, attribute: str | None = "search_highlight", maxchars: int = 200
    ):
        """Set ``attribute`` on every result to a snippet of its best match.

        Without this call, slices of up to ``HIGHLIGHT_AUTO_LIMIT`` hits get
        ``search_highlight`` anyway; ``highlight(None)`` turns snippets off.
        """
        clone = self._clone()
        clone._highlight = (attribute, maxchars) if attribute else None
        return clone

    def _highlight_for(self, count: int):
        if self._highlight is _AUTO:
            return ("search_highlight", 200) if count <= HIGHLIGHT_AUTO_LIMIT else None
        return self._highlight

    def _search(self, searcher, *, limit, scored=True, sortedby=None):
        allowed = _filter_docs(searcher, self._filter)
        if allowed is not None and not allowed:
            # Whoosh reads an empty set of allowed documents as no filter.
            return internals.no_hits(searcher, self._query)
        if scored and sortedby is None and limit:
            # Typed words and phrases, ranked in bulk (see ranking.py).
            top = ranking.top_hits(searcher, self._query, allowed=allowed, limit=limit)
            if top is not None:
                return searching.Results(searcher, self._query, top)
        return searcher.search(
            self._query, filter=allowed, limit=limit, sortedby=sortedby, scored=scored
        )

    def _prepare(self):
        compiler = self.query_compiler
        self._query = compiler.compile()
        self._filter = compiler.filter_query()

    def _with_searcher(self, action):
        return self.backend.store.read(action)

    def _do_search(self):
        if self.stop is not None and self.stop <= self.start:
            return []  # an empty slice, as a paginator asks for on no hits
        self._prepare()
        sortedby = self.query_compiler.sort_facets()
        highlighting = None

        def run(searcher):
            nonlocal highlighting
            hits = self._search(searcher, limit=self.stop, sortedby=sortedby)
            page = hits[self.start : self.stop]
            highlighting = self._highlight_for(len(page))
            pks = _pk_column(searcher)
            rows = [(pks[hit.docnum].decode(), hit) for hit in page]
            snippets = {}
            if highlighting and rows:
                snippets = self._snippets(hits, rows, maxchars=highlighting[1])
            return [(pk, hit.score, snippets.get(pk, "")) for pk, hit in rows]

        rows = self._with_searcher(run)
        if not rows:
            return []
        objects = {
            str(obj.pk): obj
            for obj in self.query_compiler.queryset.filter(
                pk__in=[pk for pk, _, _ in rows]
            )
        }
        results = []
        for pk, score, snippet in rows:
            obj = objects.get(pk)
            if obj is None:
                continue
            if self._score_field:
                setattr(obj, self._score_field, score)
            if highlighting:
                setattr(obj, highlighting[0], snippet)
            results.append(obj)
        return results

    def _snippets(self, hits, rows, *, maxchars: int) -> dict[str, str]:
        _record_matched_terms(hits, [hit.docnum for _pk, hit in rows])
        hits.fragmenter = internals.SnippetFragmenter(maxchars)
        hits.formatter = MarkFormatter()
        snippets = {}
        for pk, hit in rows:
            fields = sorted(hit.fields().items(), key=lambda item: -len(item[1]))
            for name, _text in fields:
                if not name.startswith(TEXT):
                    continue
                snippet = hit.highlights(name, top=2)
                if snippet:
                    snippets[pk] = mark_safe(snippet)  # noqa: S308 (Whoosh escapes the text)
                    break
        return snippets

    def _do_count(self):
        self._prepare()
        total = self._with_searcher(self._count)
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def _count(self, searcher) -> int:
        allowed = _filter_docs(searcher, self._filter)
        if allowed is not None and not allowed:
            return 0
        found = ranking.count_hits(searcher, self._query, allowed=allowed)
        if found is not None:
            return found
        return len(self._search(searcher, limit=None, scored=False))

    def facet(self, field_name):
        compiler = self.query_compiler
        field = compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to {compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        column = documents.column_name(compiler.queryset.model, field)
        self._prepare()

        def run(searcher):
            hits = self._search(searcher, limit=None, scored=False)
            values = column_of(searcher.reader(), "fv")
            counts = Counter()
            for docnum in hits.docs():
                value = (values[docnum] or {}).get(column)
                if isinstance(value, list):
                    counts.update(value or [None])
                else:
                    counts[value] += 1
            return counts

        counts = self._with_searcher(run)
        return OrderedDict(counts.most_common())
