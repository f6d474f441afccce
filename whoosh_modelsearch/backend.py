"""A modelsearch backend on Whoosh: Wagtail's search API with no search server.

Configure it as ``{"BACKEND": "whoosh_modelsearch.backend", "PATH": ...}``;
the index lives in ``PATH`` (default ``settings.SEARCH_INDEX_DIR``; see
``store.py`` for the layout, the atomic rebuild and how concurrent writers are
serialised). Views only ever call the usual API::

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
from pathlib import Path

from django.conf import settings
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import class_is_indexed

from . import documents, health
from .compiler import (
    WORD_ANALYZER,
    WhooshAutocompleteQueryCompiler,
    WhooshSearchQueryCompiler,
    analyse,
)
from .rebuild import Rebuild
from .results import WhooshSearchResults
from .spelling import suggest_words
from .store import IndexStore

logger = logging.getLogger("whoosh_modelsearch")


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
        the ``spell`` field (``spelling.py``)."""
        return suggest_with(self.store, query_string)

    def index_health(self) -> tuple[bool, str]:
        """``(ok, message)``: whether the index can be read and holds every
        object it should; the message says how to repair it."""
        return health.index_health(self)

    def index_report(self) -> list:
        """One ``health.ModelGap`` per indexed model: expected, indexed, missing."""
        return health.index_report(self)

    def repair(self) -> dict[str, int]:
        """Index just the objects missing from the index: {model label: count}."""
        return health.index_repair(self)


SearchBackend = WhooshSearchBackend


def suggest_with(store: IndexStore, query_string: str) -> str | None:
    """See ``WhooshSearchBackend.suggest``."""
    words = analyse(query_string, WORD_ANALYZER)
    if not words:
        return None

    out = store.read(lambda searcher: suggest_words(searcher, words))
    return " ".join(out) if out != words else None
