"""The site search page and its autocomplete.

A search backend that fails (a missing or corrupt index, a search server that
is down) is an outage, not an empty result: readers get "Search is
unavailable right now" with status 503, autocomplete answers 503, and the
error is logged. Editors see how to repair it on the admin dashboard
(core/wagtail_hooks.py).
"""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors

logger = logging.getLogger(__name__)

SCOPES = [("all", "Everything"), ("library", "Library texts"), ("courses", "Courses")]
UNAVAILABLE = 503


@require_GET
def search(request):
    """Site search: every page type the backend indexes, and library passages."""
    query = selectors.query_clean(raw=request.GET.get("q", ""))
    operator = "or" if request.GET.get("operator") == "or" else "and"
    scope = request.GET.get("scope", "all")
    if scope not in dict(SCOPES):
        scope = "all"
    context = {"query": query, "operator": operator, "scope": scope, "scopes": SCOPES}
    if not query:
        return render(request, "search/search.html", context)
    try:
        context.update(
            selectors.site_search(
                query=query,
                operator=operator,
                scope=scope,
                page_number=request.GET.get("page"),
            )
        )
        if not context["hits"] and not context["passages"]:
            context["suggestion"] = selectors.did_you_mean(
                query=query, operator=operator
            )
    except Exception:  # noqa: BLE001 - any backend failure: readers see an outage
        logger.exception("Site search failed for %r", query)
        context["unavailable"] = True
        return render(request, "search/search.html", context, status=UNAVAILABLE)
    return render(request, "search/search.html", context)


@require_GET
def autocomplete(request):
    try:
        suggestions = selectors.autocomplete_suggestions(
            prefix=request.GET.get("q", "")
        )
    except Exception:  # noqa: BLE001 - any backend failure: an outage, not "none"
        logger.exception("Search autocomplete failed")
        return JsonResponse(
            {"results": [], "error": "Search is unavailable right now."},
            status=UNAVAILABLE,
        )
    return JsonResponse({"results": suggestions})
