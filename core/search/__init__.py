"""Site search on Whoosh: the backend, "did you mean" and the index's health.

See ``whoosh_backend`` for how views search, highlight and facet.
"""

import logging

logger = logging.getLogger("core.search")


def _store():
    from django.conf import settings

    from .whoosh_backend import WhooshSearchBackend

    backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {})
    if backends.get("default", {}).get("BACKEND") != "core.search.whoosh_backend":
        return None
    return WhooshSearchBackend(dict(backends["default"])).store


def suggest(query_string: str) -> str | None:
    """The query with unknown words replaced by the nearest indexed ones.

    ``None`` when every word is known, nothing better is found, or the site
    does not search with Whoosh. Words are compared unstemmed and in lower
    case, against the ``spell`` field of the index.
    """
    from .whoosh_backend import suggest_with

    store = _store()
    if store is None:
        return None
    return suggest_with(store, query_string)


def index_health() -> tuple[bool, str]:
    """``(ok, message)``: whether the search index can be read, for the admin."""
    from .whoosh_backend import health_of

    store = _store()
    if store is None:
        return True, "Search does not use the Whoosh index."
    return health_of(store)
