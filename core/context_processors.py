"""Reader preferences (text size, contrast) kept in a cookie, so they persist
for anonymous readers on a shared library computer and need no JavaScript."""

from .reader import preferences_from_request


def reader_preferences(request):
    return {"reader": preferences_from_request(request)}
