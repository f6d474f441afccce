"""Drafts are for those who may edit them: the admin pages API (and its search
count), the page chooser (browse and search) and the explorer show an organiser,
who may not edit pages, live pages only; an editor still finds their drafts."""

import pytest
from django.urls import reverse

from tests.factories.branches import organiser_of
from tests.factories.courses import ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(course):
    live = ModulePageFactory(
        parent=course, title="Published plan", objective="quokkalive words"
    )
    draft = ModulePageFactory(
        parent=course, title="Secret draft plan", objective="quokkadraft words"
    )
    draft.unpublish()
    return live, draft


@pytest.fixture
def organiser(branch_a):
    return organiser_of(branch_a)


def _api(client, **params):
    """The pages API's answer (a 400 "parent page doesn't exist" for a parent
    the user may not explore)."""
    response = client.get("/admin/api/main/pages/", params)
    assert response.status_code in {200, 400}
    return response.json()


def _seen(client, course) -> dict[str, str]:
    """What the pages API, the chooser and its search show, by channel."""
    return {
        "api search": str(_api(client, search="quokkadraft")),
        "api children": str(_api(client, child_of=course.pk)),
        "chooser": client.get(
            reverse("wagtailadmin_choose_page_child", args=[course.pk])
        ).content.decode(),
        "chooser search": client.get(
            reverse("wagtailadmin_choose_page_search"), {"q": "Secret"}
        ).content.decode(),
        "admin search": client.get(
            reverse("wagtailadmin_pages:search_results"), {"q": "Secret"}
        ).content.decode(),
    }


def test_an_organiser_finds_no_draft_anywhere(client, course, pages, organiser):
    live, draft = pages
    client.force_login(organiser)
    assert _api(client, search="quokkadraft")["meta"]["total_count"] == 0
    for channel, text in _seen(client, course).items():
        assert draft.title not in text, channel
    # The organiser still chooses live pages (a session's module, say).
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[course.pk]))
    assert live.title in chooser.content.decode()
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "plan"})
    assert live.title in search.content.decode()


def test_an_editor_still_finds_their_drafts(client, course, pages, editor):
    _live, draft = pages
    client.force_login(editor)
    assert _api(client, search="quokkadraft")["meta"]["total_count"] == 1
    for channel, text in _seen(client, course).items():
        if channel != "api search":  # the count says it; items carry ids and types
            assert draft.title in text, channel


@pytest.fixture
def adder(course):
    """May add pages under the course (and edit their own), not others' drafts."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from tests.factories.courses import UserFactory

    group = Group.objects.create(name="Module writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=course, permission=Permission.objects.get(codename="add_page")
    )
    user = UserFactory()
    user.groups.add(group)
    return user


def test_a_writer_who_may_explore_the_course_finds_no_others_draft(
    client, course, pages, adder
):
    live, draft = pages
    client.force_login(adder)
    assert _api(client, search="quokkadraft")["meta"]["total_count"] == 0
    assert _api(client, search="quokkalive")["meta"]["total_count"] == 1
    seen = _seen(client, course)
    seen["explorer"] = client.get(
        reverse("wagtailadmin_explore", args=[course.pk])
    ).content.decode()
    assert live.title in seen["explorer"] and live.title in seen["api children"]
    for channel, text in seen.items():
        assert draft.title not in text, channel
    own = ModulePageFactory(parent=course, title="My own draft", owner=adder)
    own.unpublish()
    assert "My own draft" in str(_api(client, child_of=course.pk))


@pytest.fixture
def reworded(pages):
    """A live page whose unpublished changes rename it."""
    live, _draft = pages
    live.title = "Renamed in secret"
    live.save_revision()
    live.refresh_from_db()
    assert live.title == "Published plan" and live.draft_title == "Renamed in secret"
    return live


def _channels_with_titles(client, course) -> dict[str, str]:
    seen = _seen(client, course)
    seen["api search by live title"] = str(_api(client, search="quokkalive"))
    seen["api detail"] = str(client.get(f"/admin/api/main/pages/{course.pk}/").json())
    seen["explorer"] = client.get(
        reverse("wagtailadmin_explore", args=[course.pk])
    ).content.decode()
    seen["chooser search by live title"] = client.get(
        reverse("wagtailadmin_choose_page_search"), {"q": "Published"}
    ).content.decode()
    return seen


def test_a_reworded_live_page_shows_its_published_title_to_those_who_may_not_edit(
    client, course, reworded, organiser, adder
):
    for user in (organiser, adder):
        client.force_login(user)
        seen = _channels_with_titles(client, course)
        for channel, text in seen.items():
            assert "Renamed in secret" not in text, (user, channel)
        assert "Published plan" in seen["chooser"]
        assert "Published plan" in seen["chooser search by live title"]
        if user is adder:  # who may explore the course
            assert "Published plan" in seen["api children"]
            assert "Published plan" in seen["explorer"]
        client.logout()


def test_an_editor_sees_the_draft_title_they_are_working_on(
    client, course, reworded, editor
):
    client.force_login(editor)
    seen = _channels_with_titles(client, course)
    assert "Renamed in secret" in seen["api children"]
    assert "Renamed in secret" in seen["chooser"]
    assert "Renamed in secret" in seen["explorer"]


def test_only_reads_show_the_published_title(rf, reworded, organiser):
    """A request that may save a page (a POST) never has its pages changed, so a
    published title can never be written back over the draft's."""
    from core import drafts

    def view(request):
        page = type(reworded).objects.get(pk=reworded.pk)
        return page.draft_title

    middleware = drafts.DraftTitleMiddleware(view)
    for method, expected in (("get", "Published plan"), ("post", "Renamed in secret")):
        request = getattr(rf, method)("/admin/pages/")
        request.user = organiser
        assert middleware(request) == expected, method
    assert type(reworded).objects.get(pk=reworded.pk).draft_title == "Renamed in secret"
