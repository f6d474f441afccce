import shutil

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from core.models import HomePage
from tests.factories.accounts import VerifiedClient
from tests.factories.branches import BranchFactory, organiser_of
from tests.factories.courses import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    UserFactory,
)
from tests.factories.library import LibraryIndexPageFactory, TextPageFactory, sections


@pytest.fixture(autouse=True, scope="session")
def _isolated_files(tmp_path_factory):
    """Uploads, private files and the search index go to a temporary folder,
    never the repo."""
    from django.conf import settings

    root = tmp_path_factory.mktemp("studycircle")
    settings.MEDIA_ROOT = root / "media"
    settings.PRIVATE_MEDIA_ROOT = root / "private"
    settings.SEARCH_INDEX_DIR = root / "search-index"
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_search_index(_isolated_files):
    """Each test starts with an empty search index (pages index themselves on save)."""
    from django.conf import settings

    from whoosh_modelsearch.store import IndexStore

    IndexStore(settings.SEARCH_INDEX_DIR).reset()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rendered fragments are cached by page; page ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """Django's test client, whose logins also give the second factor where
    the user needs one (tests/factories/accounts.py); plain ``Client()`` for
    tests of the second factor itself."""
    return VerifiedClient()


@pytest.fixture
def home(db) -> HomePage:
    """The home page the data migration creates, served for 'testserver'."""
    home = HomePage.objects.get()
    Site.objects.update(hostname="testserver", port=80)
    return home


@pytest.fixture
def course_index(home):
    return CourseIndexPageFactory(parent=home)


@pytest.fixture
def course(course_index):
    return CoursePageFactory(parent=course_index, title="How our party works")


@pytest.fixture
def modules(course):
    return [
        ModulePageFactory(parent=course, title=title)
        for title in ["What a branch is", "How policy is made", "Running a meeting"]
    ]


@pytest.fixture
def learner(db):
    return UserFactory(email="ada@example.org", first_name="Ada")


@pytest.fixture
def other_learner(db):
    return UserFactory(email="ben@example.org", first_name="Ben")


@pytest.fixture
def tutor(db):
    user = UserFactory(email="tutor@example.org", first_name="Tess")
    user.groups.add(Group.objects.get(name="Tutors"))
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(email="editor@example.org", first_name="Eddie")
    user.groups.add(Group.objects.get(name="Education committee"))
    return user


@pytest.fixture
def root_page(db) -> Page:
    return Page.objects.get(depth=1)


@pytest.fixture
def library(home):
    return LibraryIndexPageFactory(parent=home)


@pytest.fixture
def handbook(library):
    """A published library text in two chapters, each with a marker to find."""
    return TextPageFactory(
        parent=library,
        title="The Branch Handbook",
        slug="the-branch-handbook",
        sections=sections(
            ("Chapter I: The Meeting", "<p>CHAPTER-ONE-TEXT: members meet monthly.</p>"),
            ("Chapter II: The Vote", "<p>CHAPTER-TWO-TEXT: a motion needs a seconder.</p>"),
        ),
    )


@pytest.fixture
def pamphlet(library):
    return TextPageFactory(
        parent=library,
        title="Why Unions",
        slug="why-unions",
        sections=sections(
            ("Part One: The Shop Floor", "<p>PAMPHLET-ONE-TEXT</p>"),
            ("Part Two: The Union", "<p>PAMPHLET-TWO-TEXT</p>"),
        ),
    )


# Two branches and their organisers: what branch-scoped tests compare.


@pytest.fixture
def branch_a(db):
    return BranchFactory(name="Ashford", slug="ashford")


@pytest.fixture
def branch_b(db):
    return BranchFactory(name="Bexley", slug="bexley")


@pytest.fixture
def organiser_a(branch_a):
    return organiser_of(branch_a, email="olive@example.org")


@pytest.fixture
def organiser_b(branch_b):
    return organiser_of(branch_b, email="bob@example.org")
