"""The demo course (``courses/demo_data/course.yaml``): the Courses section,
the starter course and its modules, and the home page's welcome. Registered
with ``load_demo`` in ``wagtail_hooks.py``; see ``core.demo``."""

from core.demo import demo_child, demo_data, demo_log, demo_publish, demo_stream

from .models import CourseIndexPage, CoursePage, ModulePage


def _data() -> dict:
    """Read when the demo is loaded, not when the site starts."""
    return demo_data(app_label="courses", name="course.yaml")


def demo_courses_section_load(*, demo: dict, stdout=None) -> None:
    """The Courses section under the home page (before the Library's, so the
    menu lists it first)."""
    spec = _data()["section"]
    courses = demo_child(demo["home"], CourseIndexPage, spec["slug"])
    if courses is None:
        courses = demo_publish(demo["home"], CourseIndexPage(**spec))
        demo_log(stdout, "Created the Courses section")
    demo["courses"] = courses


def _with_library_links(blocks: list[dict], texts: dict) -> list[dict]:
    """Readings that name a demo library text (``library: [slug, anchor]``)
    link to it, by the text's page id as the reading block stores it."""
    linked = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "reading" and "library" in value:
            value = dict(value)
            slug, section = value.pop("library")
            if slug in texts:
                # The section as the block's list names it: "<text id>:<anchor>".
                value.update(text=texts[slug].pk, section=f"{texts[slug].pk}:{section}")
        linked.append({"type": block["type"], "value": value})
    return linked


def demo_course_load(*, demo: dict, stdout=None) -> None:
    """The starter course and its modules. A course or module that already
    exists is left as it is, whatever the tutors have done to it since."""
    courses, users = demo["courses"], demo["users"]
    tutor, editor = users["tutor@example.org"], users["editor@example.org"]
    spec = _data()["course"]
    course = demo_child(courses, CoursePage, spec["slug"])
    if course is None:
        course = CoursePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            audience=spec["audience"],
            level=spec["level"],
            number_of_sessions=spec["number_of_sessions"],
            learning_outcomes=demo_stream(
                [{"type": "outcome", "value": text} for text in spec["outcomes"]]
            ),
            search_description=spec["summary"],
        )
        course.tags.add(*spec["tags"])
        course.tutors = [tutor]
        demo_publish(courses, course, author=tutor, publisher=editor)
        demo_log(stdout, f"Created the course “{course.title}”")
    for module in _data()["modules"]:
        if demo_child(course, ModulePage, module["slug"]) is not None:
            continue
        page = ModulePage(
            title=module["title"],
            slug=module["slug"],
            objective=module["objective"],
            body=demo_stream(
                _with_library_links(module["body"], demo.get("texts", {}))
            ),
        )
        demo_publish(course, page, author=tutor, publisher=editor)
        demo_log(stdout, f"Created the module “{page.title}”")
    demo["course"] = course
    demo_home_load(demo=demo, stdout=stdout)


def demo_home_load(*, demo: dict, stdout=None) -> None:
    """Write the welcome, which starts new members on the course, unless
    someone has already written one."""
    home, course = demo["home"], demo["course"]
    if home.body:
        return
    home.intro = _data()["home"]["intro"]
    home.body = (
        _data()["home"]["body"]
        .replace("{course_id}", str(course.pk))
        .replace("{course_title}", course.title)
    )
    home.save_revision().publish()
    demo_log(stdout, "Wrote the welcome on the home page")
