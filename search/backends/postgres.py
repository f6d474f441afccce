"""modelsearch's PostgreSQL backend, plus "did you mean" from its words.

``SEARCH_BACKEND=postgres`` selects it: the index lives in the database (in
modelsearch's ``IndexEntry`` table), so several web hosts and task workers
share it with nothing else shared. Searching and indexing are modelsearch's
own; this adds ``suggest(query)``, the query with misspelt words corrected
from the words the index holds (``search.vocabulary``), as our Whoosh
backend's ``suggest()`` does: the site search's "did you mean" asks whichever
backend is configured.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from modelsearch.conf import get_app_config

from search.vocabulary import vocabulary_suggest


class SearchBackend(PostgresSearchBackend):
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
