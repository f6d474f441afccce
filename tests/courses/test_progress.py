"""A learner marks modules done, sees progress, and picks up where they left off."""

import pytest
from django.urls import reverse

from courses.models import CourseVisit, ModuleCompletion

pytestmark = pytest.mark.django_db


def _mark_done(client, module, done="1"):
    return client.post(
        reverse("courses:module_progress", args=[module.pk]),
        {"done": done, "next": module.url},
    )


def test_anonymous_reader_needs_no_account(client, course, modules):
    assert client.get(course.url).status_code == 200
    response = client.get(modules[0].url)
    assert response.status_code == 200
    assert "Log in" in response.content.decode()
    # Marking done asks them to log in and records nothing.
    response = _mark_done(client, modules[0])
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not ModuleCompletion.objects.exists()


def test_learner_marks_done_and_sees_progress(client, learner, course, modules):
    client.force_login(learner)
    client.get(modules[0].url)
    response = _mark_done(client, modules[0])
    assert response.status_code == 302
    assert response["Location"] == modules[0].url

    page = client.get(course.url).content.decode()
    assert "1 of 3" in page
    assert f"Continue: {modules[1].title}" in page

    my_learning = client.get(reverse("courses:my_learning")).content.decode()
    assert course.title in my_learning
    assert "1 of 3" in my_learning
    assert modules[1].url in my_learning


def test_marking_twice_keeps_one_record_and_undo_works(client, learner, modules):
    client.force_login(learner)
    _mark_done(client, modules[0])
    _mark_done(client, modules[0])
    assert ModuleCompletion.objects.filter(user=learner).count() == 1
    _mark_done(client, modules[0], done="0")
    assert not ModuleCompletion.objects.filter(user=learner).exists()


def test_continue_where_you_left_off(client, learner, course, modules):
    client.force_login(learner)
    client.get(modules[2].url)
    visit = CourseVisit.objects.get(user=learner, course=course)
    assert visit.last_module_id == modules[2].pk
    page = client.get(course.url).content.decode()
    assert f"Continue: {modules[2].title}" in page


def test_a_learner_cannot_see_or_change_anothers_progress(
    client, learner, other_learner, course, modules
):
    client.force_login(learner)
    _mark_done(client, modules[0])
    client.get(modules[0].url)

    client.force_login(other_learner)
    assert "0 of 3" in client.get(course.url).content.decode()
    my_learning = client.get(reverse("courses:my_learning")).content.decode()
    assert course.title not in my_learning
    # Posting can only ever change one's own record: a smuggled user id is ignored.
    client.post(
        reverse("courses:module_progress", args=[modules[0].pk]),
        {"done": "0", "user": learner.pk, "user_id": learner.pk},
    )
    assert ModuleCompletion.objects.filter(user=learner, module=modules[0]).exists()
    client.post(
        reverse("courses:module_progress", args=[modules[1].pk]),
        {"done": "1", "user": learner.pk},
    )
    assert not ModuleCompletion.objects.filter(user=learner, module=modules[1]).exists()
    assert ModuleCompletion.objects.filter(user=other_learner, module=modules[1]).exists()


def test_progress_needs_post_and_a_live_module(client, learner, modules):
    client.force_login(learner)
    url = reverse("courses:module_progress", args=[modules[0].pk])
    assert client.get(url).status_code == 405
    modules[1].unpublish()
    assert _mark_done(client, modules[1]).status_code == 404
    assert client.post(reverse("courses:module_progress", args=[999999])).status_code == 404


def test_next_parameter_cannot_redirect_off_site(client, learner, modules):
    client.force_login(learner)
    response = client.post(
        reverse("courses:module_progress", args=[modules[0].pk]),
        {"done": "1", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == modules[0].url


def test_home_page_offers_to_continue(client, learner, home, course, modules):
    client.force_login(learner)
    assert "Pick up where you left off" not in client.get(home.url).content.decode()
    client.get(modules[1].url)
    html = client.get(home.url).content.decode()
    assert "Pick up where you left off" in html
    assert modules[1].url in html
