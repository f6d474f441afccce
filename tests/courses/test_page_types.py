"""What tutors may create where: the shape of the site tree."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.page_tests import WagtailPageTestCase

from core.models import HomePage
from courses.models import CourseIndexPage, CoursePage, ModulePage
from library.models import LibraryIndexPage


class TestPageTypeRules(WagtailPageTestCase):
    def test_home_holds_one_course_index_and_one_library(self):
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage, LibraryIndexPage})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})

    def test_courses_live_in_the_course_index(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(Page, CoursePage)

    def test_modules_live_only_in_a_course_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, set())
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)


@pytest.mark.django_db
def test_migration_creates_the_home_page_as_site_root():
    home = HomePage.objects.get()
    assert home.depth == 2
    assert home.get_site().is_default_site
