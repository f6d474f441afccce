"""Study Circle's search backend: Whoosh behind Wagtail's search API.

Configure it with ``SEARCH_BACKEND=whoosh`` (the default); the index lives in
``SEARCH_INDEX_DIR`` (see ``store.py`` for the layout, the atomic rebuild and
how concurrent writers are serialised). Views only ever call the usual API::

    results = CoursePage.objects.live().search("organising a branch")
    results = Page.objects.live().autocomplete("organ")
    CoursePage.objects.live().search("branch").facet("owner")  # {value: count}
    Page.objects.search("marx").annotate_score("_score")

Snippets of the matching passage, for the results a view shows::

    for page in results[:20]:
        page.search_highlight                 # safe HTML, matches in <mark>; ""

Slices of up to 50 hits get ``search_highlight`` on each result; for bigger
ones ask with ``results.highlight()``; ``results.highlight("snippet",
maxchars=300)`` changes the attribute and the length; ``highlight(None)`` turns
snippets off. The snippet comes from the longest text field with a match (the
body before the title), found from stored character offsets with Whoosh's
``PinpointFragmenter``. Other backends have no ``highlight()``: a view meant to
run on Elasticsearch too reads ``getattr(page, "search_highlight", "")``.

"Did you mean": ``get_search_backend().suggest("organsing brnach")`` returns
``"organising branch"``, or ``None`` when every word is known.
``get_search_backend().index_health()`` returns ``(ok, message)`` for the
admin, comparing what is indexed with what should be (``health.py``);
``get_search_backend().repair()`` indexes just what is missing.

What the backend promises:

- English stemming on full-text fields ("organising" finds "organise");
  autocomplete uses edge n-grams of raw words, without stemming.
- Any string typed by a user is safe: queries are built term by term from
  Wagtail's query classes, never by Whoosh's query parser.
- Pages of hits for typed words and phrases are ranked in bulk from
  counts-only copies of the text fields (``ranking.py``), with Whoosh's BM25F
  scores and order; other queries, counts and facets use Whoosh's matchers.
- Errors are errors: a missing or corrupt index logs the error and raises
  ``SearchIndexError`` from searches, counts, facets and ``suggest()`` (the
  view decides what readers see); ``add``/``add_bulk``/``delete`` raise what
  fails, so a task that indexes fails and can be retried. Only modelsearch's
  signal handlers (a page save) log and carry on (``catch_indexing_errors``):
  the health check then reports the page as missing from the index.
- Filters on ``RelatedFields`` are matched per field, not per related object
  (``filter(books__a=1, books__b=2)`` may match two different books in the
  index). Results are always re-read through the queryset, so such objects
  are dropped from the results, though ``count()`` may include them.
"""

import logging
from collections import Counter, OrderedDict
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, OrderBy, Subquery
from django.db.models.sql import Query
from django.utils.safestring import mark_safe
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
    OrderByFieldError,
)
from modelsearch.index import AutocompleteField, SearchField, class_is_indexed
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import highlight, searching, sorting
from whoosh import query as wq

from . import _whoosh_internals as internals
from . import documents, health, ranking
from .store import (
    FILTER,
    ORDER,
    TEXT,
    IndexStore,
    Rebuild,
    column_of,
    text_analyzer,
    word_analyzer,
)

logger = logging.getLogger("whoosh_modelsearch")

#: Characters of a typed query that are looked at, and words of it used.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 32
#: Autocomplete n-grams are at most this long (see store.make_schema).
MAX_NGRAM = 15

_TEXT_ANALYZER = text_analyzer()
_WORD_ANALYZER = word_analyzer()


def analyse(text: str, analyzer=_TEXT_ANALYZER) -> list[str]:
    """The distinct terms of ``text``, in order, as the index holds them."""
    seen: dict[str, None] = {}
    for token in analyzer(str(text)[:MAX_QUERY_CHARS], mode="query"):
        seen.setdefault(token.text, None)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return list(seen)


def _match_none():
    # Not NullQuery: modelsearch drops falsy filters, and NullQuery is falsy.
    return wq.Not(wq.Every())


#: An ``__in`` filter with more values than this reads the sort column.
TERM_SET_MIN = 32


class TermSet(wq.Query):
    """A top-level filter field's value is one of many: a big ``__in``.

    As an ``Or`` of terms, every search looks up one posting list per value:
    the library's ``TextSection.objects.filter(page__in=<3,000 texts>)`` spent
    about 300 ms there per search. This reads the field's sort column instead
    (``o_<column>``, one value per document), decoded once per segment and kept
    with the segment's reader, which searchers reuse while the segment lives.
    Documents with a value in the filter field but none in the column (list
    values) make it fall back to the terms for that segment.
    """

    def __init__(self, column: str, values):
        self.column = column
        self.values = frozenset(values)
        self.boost = 1.0

    def __eq__(self, other):
        return (
            type(other) is type(self)
            and other.column == self.column
            and other.values == self.values
        )

    def __hash__(self):
        return hash((type(self), self.column, self.values))

    def __repr__(self):
        return f"TermSet({self.column!r}, <{len(self.values)} values>)"

    def _terms_query(self):
        return wq.Or([wq.Term(FILTER + self.column, v) for v in sorted(self.values)])

    def estimate_size(self, ixreader):
        return len(self.values)

    def docs(self, searcher, deleting=False):
        reader = searcher.reader()
        values = _column_values(searcher, ORDER + self.column, self.column)
        if values is None:
            return self._terms_query().docs(searcher)
        wanted = self.values
        found = [docnum for docnum, value in enumerate(values) if value in wanted]
        if reader.has_deletions():
            found = [docnum for docnum in found if not reader.is_deleted(docnum)]
        return found

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher, NullMatcher

        found = sorted(self.docs(searcher))
        return ListMatcher(found, all_weights=self.boost) if found else NullMatcher()


def _column_values(searcher, name: str, column: str) -> list | None:
    """The sort column's values of one segment (``searcher`` is its leaf
    searcher), or None if it misses any value."""
    cache = searcher.decoded.setdefault("columns", {})
    reader = searcher.reader()
    if name not in cache:
        values = None
        if not reader.doc_frequency("nn", column):
            values = []  # no document of this segment has the field
        elif reader.has_column(name):
            values = list(reader.column_reader(name))
            filled = sum(1 for value in values if value != "")
            # Every document with a value in the filter field must have it here.
            if filled != reader.doc_frequency("nn", column):
                values = None
        cache[name] = values
    return cache[name]


def _boosted(columns, boost):
    return [(column, weight * boost) for column, weight in columns]


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    field_kind = SearchField

    def columns(self):
        model = self.queryset.model
        if self.fields:
            return documents.field_columns(model, set(self.fields), self.field_kind)
        return documents.text_columns(model, self.field_kind)

    # Query classes -------------------------------------------------------------

    def compile(self):
        columns = self.columns()
        if not columns and not isinstance(self.query, MatchAll):
            return _match_none()
        return self._compile(self.query, columns)

    def _compile(self, query, columns, boost=1.0):
        if isinstance(query, MatchAll):
            return wq.Every(boost=boost)
        if isinstance(query, PlainText):
            return self._terms(
                query.query_string, query.operator, columns, boost * query.boost
            )
        if isinstance(query, Phrase):
            return self._phrase(query.query_string, columns, boost)
        if isinstance(query, Fuzzy):
            return self._fuzzy(query, columns, boost)
        if isinstance(query, Boost):
            return self._compile(query.subquery, columns, boost * query.boost)
        if isinstance(query, And):
            return wq.And([self._compile(q, columns, boost) for q in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self._compile(q, columns, boost) for q in query.subqueries])
        if isinstance(query, Not):
            return wq.Not(self._compile(query.subquery, columns, boost))
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported by the Whoosh search backend."
        )

    def _combine(self, parts, operator):
        if not parts:
            return _match_none()
        if len(parts) == 1:
            return parts[0]
        return wq.And(parts) if operator == "and" else wq.Or(parts)

    def _terms(self, text, operator, columns, boost):
        parts = [
            wq.Or(
                [
                    wq.Term(column, term, boost=weight)
                    for column, weight in _boosted(columns, boost)
                ]
            )
            for term in analyse(text)
        ]
        return self._combine(parts, operator)

    def _phrase(self, text, columns, boost):
        terms = analyse(text)
        if not terms:
            return _match_none()
        if len(terms) == 1:
            return self._terms(text, "and", columns, boost)
        return wq.Or(
            [
                wq.Phrase(column, terms, boost=weight)
                for column, weight in _boosted(columns, boost)
            ]
        )

    def _fuzzy(self, query, columns, boost):
        parts = []
        for term in analyse(query.query_string):
            distance = 0 if len(term) <= 2 else 1 if len(term) <= 5 else 2
            parts.append(
                wq.Or(
                    [
                        wq.FuzzyTerm(
                            column, term, boost=weight, maxdist=distance, prefixlength=1
                        )
                        for column, weight in _boosted(columns, boost)
                    ]
                )
            )
        return self._combine(parts, query.operator)

    # Filters -------------------------------------------------------------------

    def _evaluate(self, value, many: bool):
        """Run a subquery used as a filter value, with the database's converters."""
        db = self.queryset._db or DEFAULT_DB_ALIAS
        query = value.query if isinstance(value, Subquery) else value
        if many:
            # A set of values: the order costs time (3,000 texts by path: 5 ms).
            query = query.clone()
            query.clear_ordering(force=True)
        rows = [row[0] for row in query.get_compiler(db).results_iter()]
        return rows if many else (rows[0] if rows else None)

    def _process_lookup(self, field_path, lookup, value):
        column = documents.filter_column(self.queryset.model, field_path)
        name = FILTER + column
        encode = documents.encode
        if isinstance(value, Query | Subquery):
            value = self._evaluate(value, many=lookup == "in")
        if lookup == "exact":
            if value is None:
                return wq.Not(wq.Term("nn", column))
            return wq.Term(name, encode(value))
        if lookup == "isnull":
            has_value = wq.Term("nn", column)
            return wq.Not(has_value) if value else has_value
        if lookup in ("startswith", "prefix"):
            return wq.Prefix(name, encode(value))
        if lookup in ("gt", "gte", "lt", "lte"):
            bound = encode(value)
            if lookup.startswith("g"):
                return wq.TermRange(name, bound, None, startexcl=lookup == "gt")
            return wq.TermRange(name, None, bound, endexcl=lookup == "lt")
        if lookup == "range":
            lower, upper = value
            return wq.TermRange(name, encode(lower), encode(upper))
        if lookup == "in":
            values = documents.encode_many(value)
            if len(values) > TERM_SET_MIN and "." not in column and "" not in values:
                return TermSet(column, values)
            terms = [wq.Term(name, item) for item in sorted(values)]
            return wq.Or(terms) if terms else _match_none()
        return None

    def _process_match_none(self):
        return _match_none()

    def _connect_filters(self, filters, connector, negated):
        filters = [f for f in filters if f is not None]
        if not filters:
            return None
        combined = (
            filters[0]
            if len(filters) == 1
            else (wq.And(filters) if connector == "AND" else wq.Or(filters))
        )
        return wq.Not(combined) if negated else combined

    def filter_query(self):
        model = self.queryset.model
        parts = [wq.Term("ct", documents.model_label(model))]
        queryset_filter = self._get_filters_from_queryset()
        if queryset_filter is not None:
            parts.append(queryset_filter)
        return wq.And(parts)

    # Ordering ------------------------------------------------------------------

    def _order_facet(self, name: str, reverse: bool):
        if name == "pk" or name == self.queryset.model._meta.pk.attname:
            return sorting.FieldFacet(ORDER + "_pk", reverse=reverse)
        field = self._get_filterable_field(name)
        if field is None:
            raise OrderByFieldError(
                f'Cannot sort search results with field "{name}". Please add '
                f'index.FilterField("{name}") to {self.queryset.model.__name__}.search_fields.',
                field_name=name,
            )
        column = documents.column_name(self.queryset.model, field)
        return sorting.FieldFacet(ORDER + column, reverse=reverse)

    def sort_facets(self):
        """Whoosh facets for the queryset's ordering, or None for relevance."""
        if self.order_by_relevance:
            return None
        query = self.queryset.query
        ordering = list(query.order_by)
        explicit = bool(ordering)
        if not ordering and query.default_ordering:
            ordering = list(self.queryset.model._meta.ordering)
        facets = []
        for item in ordering:
            if isinstance(item, OrderBy):
                if not isinstance(item.expression, F):
                    raise OrderByFieldError(
                        f'Sorting search results with "{item}" is not supported.',
                        field_name=str(item),
                    )
                name, reverse = item.expression.name, item.descending
            elif isinstance(item, str):
                name, reverse = item.lstrip("-"), item.startswith("-")
            else:
                continue
            try:
                facets.append(self._order_facet(name, reverse))
            except OrderByFieldError:
                if explicit:
                    raise
        if not facets:
            facets = [sorting.FieldFacet(ORDER + "_pk", reverse=True)]
        return facets if len(facets) > 1 else facets[0]


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    field_kind = AutocompleteField

    def _compile(self, query, columns, boost=1.0):
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            parts = [
                wq.Or(
                    [
                        wq.Term(column, word[:MAX_NGRAM], boost=w)
                        for column, w in columns
                    ]
                )
                for word in analyse(query.query_string, _WORD_ANALYZER)
            ]
            return self._combine(parts, query.operator)
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported for autocomplete queries."
        )


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
        found = ranking.values_at(searcher, fieldname, btext, wanted)
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
        total = self._with_searcher(
            lambda searcher: len(self._search(searcher, limit=None, scored=False))
        )
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

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


class WhooshIndex(BaseIndex):
    """The single index of the backend, or (``rebuild``) a rebuild's new one."""

    def __init__(self, backend, rebuild: Rebuild | None = None):
        super().__init__(backend)
        self.rebuild = rebuild

    def get_key(self):
        return "default"

    def __str__(self):
        return str(self.backend.store.root)

    def reset(self):
        self.backend.store.reset()

    def refresh(self):
        self.backend.store.apply_pending()

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        builder = documents.DocumentBuilder(model)
        docs = [builder.build(item) for item in items]
        if self.rebuild is not None:
            self.rebuild.add(docs)
        else:
            self.backend.store.write(documents=docs)

    def delete_item(self, item):
        model = type(item)
        if not class_is_indexed(model):
            return
        ids = [documents.document_id(model, item.pk)]
        if self.rebuild is not None:
            self.rebuild.delete(ids)
        else:
            self.backend.store.write(delete_ids=ids)


class WhooshRebuilder:
    """``update_index`` fills a new generation, then swaps it in atomically."""

    def __init__(self, index):
        self.index = index
        self.rebuild = None

    def start(self):
        self.rebuild = self.index.backend.store.begin_rebuild()
        return WhooshIndex(self.index.backend, rebuild=self.rebuild)

    def finish(self):
        self.rebuild.finish()


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    index_class = WhooshIndex
    rebuilder_class = WhooshRebuilder
    # modelsearch's signal handlers log a failed write and let the save go on
    # (the health check then reports what is missing); direct calls raise.
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)
        path = params.get("PATH") or settings.SEARCH_INDEX_DIR
        self.store = IndexStore(Path(path))

    def suggest(self, query_string: str) -> str | None:
        """ "Did you mean": the query with unknown words replaced by the
        nearest indexed ones, or ``None`` when every word is known or nothing
        better is found. Words are compared unstemmed, in lower case, against
        the ``spell`` field."""
        return suggest_with(self.store, query_string)

    def index_health(self) -> tuple[bool, str]:
        """``(ok, message)``: whether the index can be read and holds every
        object it should; the message says how to repair it."""
        return health.index_health(self)

    def repair(self) -> dict[str, int]:
        """Index just the objects missing from the index: {model label: count}."""
        return health.index_repair(self)


SearchBackend = WhooshSearchBackend


def suggest_with(store: IndexStore, query_string: str) -> str | None:
    """See ``WhooshSearchBackend.suggest``."""
    words = analyse(query_string, _WORD_ANALYZER)
    if not words:
        return None

    def run(searcher):
        reader = searcher.reader()
        corrector = searcher.corrector("spell")
        out = []
        for word in words:
            known = len(word) < 3 or word.isdigit() or ("spell", word) in reader
            found = (
                [] if known else corrector.suggest(word, limit=1, maxdist=2, prefix=1)
            )
            out.append(found[0] if found else word)
        return out

    out = store.read(run)
    return " ".join(out) if out != words else None
