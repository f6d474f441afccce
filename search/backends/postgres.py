"""modelsearch's PostgreSQL backend, plus "did you mean" from its words.

``SEARCH_BACKEND=postgres`` selects it: the index lives in the database (in
modelsearch's ``IndexEntry`` table), so several web hosts and task workers
share it with nothing else shared. Searching and indexing are modelsearch's
own; this adds ``suggest(query)``, the query with misspelt words corrected
from the words the index holds (``search.vocabulary``), as our Whoosh
backend's ``suggest()`` does: the site search's "did you mean" asks whichever
backend is configured. Index writes keep the words counted through triggers
(``search/migrations/0001_search_vocabulary.py``); a full rebuild also
counts them again at its end.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchAtomicRebuilder,
    PostgresSearchBackend,
    PostgresSearchRebuilder,
)
from modelsearch.conf import get_app_config

from search.vocabulary import vocabulary_recount, vocabulary_suggest


class _RecountsWords:
    """A rebuild ends by counting the words again, so that it repairs any
    drift (words loaded from a backup beside a rebuilt index, say)."""

    def finish(self):
        # Inside the atomic rebuild's transaction, before it commits.
        vocabulary_recount(using=self.index.write_connection.alias)
        super().finish()


class Rebuilder(_RecountsWords, PostgresSearchRebuilder):
    pass


class AtomicRebuilder(_RecountsWords, PostgresSearchAtomicRebuilder):
    """Inside its transaction the triggers stand aside (a rebuild writes every
    entry, and the recount at the end counts each word once instead)."""

    def start(self):
        index = super().start()
        _words_deferred(index, "on")
        return index

    def finish(self):
        super().finish()
        # Gone with the transaction, unless the rebuild ran inside another.
        _words_deferred(self.index, "off")


def _words_deferred(index, value: str) -> None:
    with index.write_connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('site_search.words_deferred', %s, true)", [value]
        )


class SearchBackend(PostgresSearchBackend):
    rebuilder_class = Rebuilder
    atomic_rebuilder_class = AtomicRebuilder

    def __init__(self, params):
        self.using = router.db_for_read(get_app_config().get_model("IndexEntry"))
        if connections[self.using].vendor != "postgresql":
            raise ImproperlyConfigured(
                "SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL "
                "(use SEARCH_BACKEND=database on SQLite)."
            )
        super().__init__(params)

    def suggest(self, query: str) -> str | None:
        """The query with misspelt words corrected, or None if none is."""
        return vocabulary_suggest(using=self.using, query=query)
