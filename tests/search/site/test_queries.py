"""The search page reads its hits' pages in one query per page type."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.courses import CoursePageFactory


def queries_for(client, query: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": query, "scope": "courses"})
    assert response.status_code == 200
    return len(captured)


def test_more_hits_cost_no_more_queries(client, course_index):
    for n in range(3):
        CoursePageFactory(parent=course_index, title=f"Strike {n}", summary="strike")
    client.get("/search/", {"q": "strike", "scope": "courses"})  # warm caches
    few = queries_for(client, "strike")
    for n in range(3, 15):
        CoursePageFactory(parent=course_index, title=f"Strike {n}", summary="strike")

    html = client.get("/search/", {"q": "strike", "scope": "courses"}).content.decode()
    assert html.count('class="snippet"') == 15
    assert queries_for(client, "strike") == few
