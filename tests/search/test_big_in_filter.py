"""A filter on many values (the library's sections of 3,000 texts) reads a column.

Past ``TERM_SET_MIN`` values an ``__in`` filter is answered from the sort
column instead of one posting list per value: it must still match exactly the
same documents, across segments and after deletions.
"""

import pytest

from courses.models import CoursePage
from tests.factories.courses import CoursePageFactory
from whoosh_modelsearch.compiler import TERM_SET_MIN

COUNT = TERM_SET_MIN + 8


@pytest.fixture
def rent_courses(course_index):
    return [
        CoursePageFactory(
            parent=course_index,
            title=f"Rent course {n}",
            summary="Tenants organised a rent strike.",
        )
        for n in range(COUNT)
    ]


def found(queryset):
    return sorted(page.pk for page in queryset.search("rent")[:1000])


def test_a_filter_on_many_pks_matches_exactly_those_pages(rent_courses):
    chosen = [page.pk for page in rent_courses[: TERM_SET_MIN + 4]]
    others = [page.pk + 10_000 for page in rent_courses]

    assert found(CoursePage.objects.filter(pk__in=chosen + others)) == sorted(chosen)
    assert found(CoursePage.objects.filter(pk__in=others)) == []
    assert found(CoursePage.objects.exclude(pk__in=chosen)) == sorted(
        page.pk for page in rent_courses[TERM_SET_MIN + 4 :]
    )


def test_a_deleted_page_is_not_matched_by_a_filter_on_many_pks(rent_courses):
    chosen = [page.pk for page in rent_courses]
    rent_courses[0].delete()

    assert found(CoursePage.objects.filter(pk__in=chosen)) == sorted(chosen[1:])
