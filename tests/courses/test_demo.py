"""`load_demo`: the starter course, the site's sections and the demo accounts."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from core.demo import DEMO_LOGINS
from core.models import HomePage
from courses.models import CourseIndexPage, CoursePage, ModulePage
from library.models import LibraryIndexPage

pytestmark = pytest.mark.django_db


def _load(**options) -> str:
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, **options)
    return out.getvalue()


def _counts() -> dict[str, int]:
    user_model = get_user_model()
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "users": user_model.objects.count(),
        "group memberships": user_model.groups.through.objects.count(),
        "tutors": CoursePage.tutors.through.objects.count(),
    }


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    """Indexing each page as it is saved is slow and tested in tests/search;
    `make run` indexes the demo with update_index afterwards."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }


@pytest.fixture
def course(home) -> CoursePage:
    _load()
    return CoursePage.objects.get(slug="how-our-party-works")


def test_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off.*--force"):
        call_command("load_demo", stdout=StringIO())
    assert not get_user_model().objects.exists()
    assert not CoursePage.objects.exists()


def test_runs_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert CoursePage.objects.filter(slug="how-our-party-works").exists()


def test_loading_twice_changes_nothing(home):
    first = _load()
    assert "Created the course" in first
    before = _counts()
    assert before["revisions"] >= 8  # 2 sections, the course, 4 modules, the home page

    second = _load()

    assert _counts() == before
    assert "Created" not in second


def test_loading_again_restores_a_deleted_module_and_keeps_edits(course):
    module = ModulePage.objects.child_of(course).get(slug="how-policy-is-made")
    module.delete()
    course.summary = "Edited by the tutor."
    course.save_revision().publish()

    _load()

    course.refresh_from_db()
    assert course.summary == "Edited by the tutor."
    assert (
        ModulePage.objects.child_of(course).filter(slug="how-policy-is-made").exists()
    )


def test_sections_sit_under_the_home_page(course, home):
    courses = CourseIndexPage.objects.child_of(home).get()
    library = LibraryIndexPage.objects.child_of(home).get()
    assert (courses.slug, courses.title, courses.live) == ("courses", "Courses", True)
    assert (library.slug, library.title, library.live) == ("library", "Library", True)
    assert course.get_parent().pk == courses.pk


def test_course_is_live_and_described(course):
    assert course.live and not course.has_unpublished_changes
    assert course.live_revision is not None
    assert course.level == CoursePage.Level.INTRODUCTORY
    assert course.number_of_sessions == 4
    assert course.summary and course.audience
    assert len(course.learning_outcomes) >= 4
    assert set(course.tags.names()) >= {"new members", "meetings"}
    assert [t.username for t in course.tutors.all()] == ["tutor@example.org"]


def test_every_module_is_a_full_session(course):
    modules = list(course.modules())
    assert len(modules) >= 4
    for module in modules:
        assert module.live and module.live_revision is not None, module.title
        kinds = [block.block_type for block in module.body]
        for kind in [
            "text",
            "reading",
            "discussion",
            "activity",
            "facilitator_note",
            "key_terms",
        ]:
            assert kind in kinds, f"{module.title} has no {kind}"
        questions = [
            q
            for block in module.body
            if block.block_type == "discussion"
            for q in block.value["questions"]
        ]
        assert questions, module.title
        assert all(q["minutes"] and q["facilitator_prompt"] for q in questions), (
            module.title
        )
        for block in module.body:
            if block.block_type == "activity":
                assert block.value["minutes"] and block.value["materials"], module.title
            if block.block_type == "key_terms":
                assert all(t["definition"] for t in block.value["terms"]), module.title
        # The agenda adds up to a real session.
        assert 45 <= module.estimated_minutes <= 120, module.title
        assert "lorem" not in str(module.body.raw_data).lower()


def test_one_quotation_correctly_attributed(course):
    quotations = [
        block.value
        for module in course.modules()
        for block in module.body
        if block.block_type == "quotation"
    ]
    assert quotations
    assert all(q["attribution"] for q in quotations)


def test_reader_sees_the_course_and_modules_but_not_facilitator_notes(client, course):
    page = client.get(course.url)
    assert page.status_code == 200
    html = page.content.decode()
    for module in course.modules():
        assert module.title in html

    module = course.modules().first()
    html = client.get(module.url).content.decode()
    assert "Key terms" in html and "Constituency party" in html
    assert "Draw a map of your party" in html
    assert "ask the branch secretary for the" not in html  # facilitator note


def test_home_page_welcomes_and_points_to_the_course(client, course):
    home = HomePage.objects.get()
    assert home.live_revision is not None
    html = client.get("/").content.decode()
    assert "Where to start" in html
    assert f'href="{course.url}"' in html


def test_demo_accounts_and_their_groups(course, client):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["admin@example.org"].is_superuser
    assert users["admin@example.org"].is_staff
    assert list(users["tutor@example.org"].groups.values_list("name", flat=True)) == [
        "Tutors"
    ]
    assert list(users["editor@example.org"].groups.values_list("name", flat=True)) == [
        "Education committee"
    ]
    learner = users["learner@example.org"]
    assert not learner.groups.exists() and not learner.is_staff
    for login in DEMO_LOGINS:
        assert client.login(username=login.email, password=login.password), login.email


def test_tutor_and_editor_can_reach_the_admin(course, client):
    for email in ["tutor@example.org", "editor@example.org"]:
        login = next(login for login in DEMO_LOGINS if login.email == email)
        client.login(username=login.email, password=login.password)
        assert client.get("/admin/").status_code == 200, email


def test_loading_again_keeps_a_changed_password(course):
    user = get_user_model().objects.get(username="learner@example.org")
    user.set_password("my-own-new-password")
    user.save()
    _load()
    user.refresh_from_db()
    assert user.check_password("my-own-new-password")


def test_demo_logins_prints_the_admin_and_each_login(course):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/admin/" in text
    for login in DEMO_LOGINS:
        assert f"{login.email} / {login.password}" in text
        assert login.role in text
    assert "not created yet" not in text


def test_demo_logins_says_when_the_demo_is_not_loaded(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert out.getvalue().count("not created yet: run `manage.py load_demo`") == len(
        DEMO_LOGINS
    )


def test_the_library_has_our_own_texts_in_chapters(client, course):
    from library.models import TextPage

    texts = TextPage.objects.live().order_by("title")
    assert [t.slug for t in texts] == ["learning-together", "the-branch-meeting"]
    guide = texts.get(slug="the-branch-meeting")
    assert guide.sections.count() == 4 and guide.word_count > 500
    assert guide.authors.get().name == "Study Circle tutors"
    assert "Creative Commons" in guide.rights

    library = client.get("/library/").content.decode()
    assert "Learning together: running a branch reading group" in library
    chapter = client.get(f"{guide.url}motions-and-amendments/")
    assert chapter.status_code == 200
    assert "substantive motion" in chapter.content.decode()


def test_the_meeting_module_cites_a_chapter_of_the_library_guide(client, course):
    module = ModulePage.objects.get(slug="running-a-democratic-meeting")
    guide_url = "/library/the-branch-meeting/"

    html = client.get(module.url).content.decode()

    assert f'href="{guide_url}motions-and-amendments/' in html
    # ...and the text knows it is read in the course.
    text_html = client.get(guide_url).content.decode()
    assert "How our party works" in text_html
