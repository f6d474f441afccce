"""The search page reads its hits' pages in one query per page type, never one
per hit (and its passages' texts in one query), on each backend (conftest.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.courses import CoursePageFactory, ModulePageFactory
from tests.factories.library import TextPageFactory, sections


def queries_for(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(captured)


def strike_pages(course_index, library, start: int, stop: int):
    """Hits of each searchable page type: courses, modules, texts."""
    course = CoursePageFactory(parent=course_index, title=f"Strike course {start}")
    for i in range(start, stop):
        CoursePageFactory(parent=course_index, title=f"Strike {i}", summary="strike")
        ModulePageFactory(parent=course, title=f"Strike module {i}")
        TextPageFactory(
            parent=library,
            title=f"Strike text {i}",
            sections=sections((f"Strike chapter {i}", "<p>strike</p>")),
        )


@pytest.mark.parametrize("scope", ["courses", "all"])
def test_more_hits_of_the_same_types_cost_no_more_queries(
    client, course_index, library, django_assert_max_num_queries, scope
):
    strike_pages(course_index, library, 0, 1)
    client.get("/search/", {"q": "strike", "scope": scope})  # warm caches
    few = queries_for(client, q="strike", scope=scope)
    strike_pages(course_index, library, 1, 6)

    with django_assert_max_num_queries(few):
        response = client.get("/search/", {"q": "strike", "scope": scope})
    hits = response.context["hits"]
    assert len(hits) == (14 if scope == "courses" else 20)
    assert {hit.kind for hit in hits} == (
        {"course", "module"} if scope == "courses" else {"course", "module", "text"}
    )
    if scope == "all":
        assert len(response.context["passages"]) == 6
