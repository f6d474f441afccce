"""From modelsearch's queries and filters to Whoosh queries.

Any string typed by a user is safe: queries are built term by term from
modelsearch's query classes, never by Whoosh's query parser.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, OrderBy, Subquery
from django.db.models.sql import Query
from modelsearch.backends.base import BaseSearchQueryCompiler, OrderByFieldError
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import query as wq
from whoosh import sorting

from . import documents
from .filters import term_set
from .schema import (
    FILTER,
    ORDER,
    PAIRS,
    TEXT,
    pair_analyzer,
    text_analyzer,
    word_analyzer,
)

#: Characters of a typed query that are looked at, and words of it used.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 32
#: Autocomplete n-grams are at most this long (see store.make_schema).
MAX_NGRAM = 15

TEXT_ANALYZER = text_analyzer()
WORD_ANALYZER = word_analyzer()
PAIR_ANALYZER = pair_analyzer()
#: An exact phrase's boost over the same words found only because stop words
#: were dropped: a tier, not a nudge. A match of the loose phrase scores at
#: most about 22 a word and column (BM25's idf times k1 + 1), an exact match
#: at least about 0.2 times this.
EXACT_PHRASE_BOOST = 10_000.0


def analyse(text: str, analyzer=TEXT_ANALYZER) -> list[str]:
    """The distinct terms of ``text``, in order, as the index holds them."""
    seen: dict[str, None] = {}
    for token in analyzer(str(text)[:MAX_QUERY_CHARS], mode="query"):
        seen.setdefault(token.text, None)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return list(seen)


def phrase_terms(text: str, analyzer=TEXT_ANALYZER) -> list[str]:
    """The terms of a phrase, in order, repeats kept (``analyse`` drops them).
    Stop words stay for the pair analyser (it needs them) and drop for the
    text analyser (``removestops`` is what the text analyser's filter reads)."""
    tokens = analyzer(
        str(text)[:MAX_QUERY_CHARS],
        mode="query",
        removestops=analyzer is not PAIR_ANALYZER,
    )
    return [
        token.text for _, token in zip(range(MAX_QUERY_TERMS), tokens, strict=False)
    ]


#: Rows of a subquery filter fetched at a time.
FETCH_ROWS = 10_000


def _match_none():
    # Not NullQuery: modelsearch drops falsy filters, and NullQuery is falsy.
    return wq.Not(wq.Every())


def _boosted(columns, boost):
    return [(column, weight * boost) for column, weight in columns]


def phrase_query(text: str, columns, boost: float = 1.0):
    """A quoted phrase: per column, the exact words, stop words included (the
    adjacent-word pairs of the ``PAIRS`` copy, one after another: one term
    for a phrase of two words), boosted ``EXACT_PHRASE_BOOST`` times, or the
    words side by side as the full-text field has them (stop words dropped).
    None for a phrase of one word or none, which is a plain search."""
    terms = phrase_terms(text)
    pairs = phrase_terms(text, PAIR_ANALYZER)
    if len(terms) <= 1 and not pairs:
        return None
    parts = []
    for column, weight in _boosted(columns, boost):
        if pairs:
            exact = PAIRS + column[len(TEXT) :]
            parts.append(_words(exact, pairs, weight * EXACT_PHRASE_BOOST))
        if terms:
            parts.append(_words(column, terms, weight))
    return wq.Or(parts)


def _words(field: str, words: list[str], boost: float):
    if len(words) == 1:
        return wq.Term(field, words[0], boost=boost)
    return wq.Phrase(field, words, boost=boost)


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
        query = phrase_query(text, columns, boost)
        return query if query is not None else self._terms(text, "and", columns, boost)

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
        # One fetch for all the rows (Django fetches 100 at a time).
        compiler = query.get_compiler(db)
        rows = [row[0] for row in compiler.results_iter(chunk_size=FETCH_ROWS)]
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
            value = list(value)
            found = term_set(column, value)
            if found is not None:
                return found
            terms = [
                wq.Term(name, item) for item in sorted(documents.encode_many(value))
            ]
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
                for word in analyse(query.query_string, WORD_ANALYZER)
            ]
            return self._combine(parts, query.operator)
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported for autocomplete queries."
        )
