"""Registration only: what courses adds to Wagtail and to the apps below it."""

from wagtail import hooks

from .demo import demo_course_load, demo_courses_section_load
from .models import ModulePage


@hooks.register("register_text_citing_pages")
def modules_citing_text(*, page_ids):
    """A library text lists the live modules that cite it (``TextPage.courses_citing``)."""
    return ModulePage.objects.live().public().filter(pk__in=page_ids).order_by("path")


# ``load_demo`` (core.demo): the Courses section first, so the menu lists it
# before the Library (20); the course after the library, as it cites its texts.
hooks.register("register_demo_loader", demo_courses_section_load, order=10)
hooks.register("register_demo_loader", demo_course_load, order=30)


@hooks.register("register_page_cache_models")
def courses_page_cache_models():
    """Course tags show on public pages (core.page_cache)."""
    return ["courses.coursetag"]
