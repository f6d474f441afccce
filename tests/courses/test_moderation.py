"""A tutor writes and submits a module; the education committee publishes it."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from courses.models import ModulePage

pytestmark = pytest.mark.django_db


def _add_module_form(client, course):
    url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["title"] = "Motions and amendments"
    data["slug"] = "motions-and-amendments"
    data["objective"] = "Write a motion and take it to the branch."
    body = nested_form_data(
        {
            "body": streamfield(
                [("text", rich_text("<p>A motion says what the branch believes.</p>"))]
            )
        }
    )
    for key, value in body.items():
        data[key] = value
    return url, data


def test_tutor_submits_and_editor_publishes(client, course, tutor, editor):
    client.force_login(tutor)
    url, data = _add_module_form(client, course)
    data["action-submit"] = "Submit for moderation"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    module = ModulePage.objects.get(slug="motions-and-amendments")
    assert not module.live
    assert "A motion says what the branch believes." in str(
        module.get_latest_revision_as_object().body
    )
    workflow_state = module.current_workflow_state
    assert workflow_state is not None
    assert workflow_state.status == "in_progress"
    task_state = workflow_state.current_task_state
    assert task_state.task.name == "Education committee approval"

    # The public cannot see it yet.
    client.logout()
    assert client.get(course.url + "motions-and-amendments/").status_code == 404

    # The editor sees it waiting, and approves it.
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "Motions and amendments" in dashboard.content.decode()
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[module.pk, "approve", task_state.pk]
    )
    response = client.post(approve, {"comment": "Clear and useful."})
    assert response.status_code in (200, 302)
    module.refresh_from_db()
    assert module.live

    client.logout()
    assert client.get(module.url).status_code == 200


def test_tutor_cannot_publish_directly(client, course, tutor):
    client.force_login(tutor)
    url, data = _add_module_form(client, course)
    data["action-publish"] = "Publish"
    client.post(url, data)
    module = ModulePage.objects.get(slug="motions-and-amendments")
    assert not module.live
    assert not tutor.has_perm("wagtailcore.publish_page")
    perms = module.permissions_for_user(tutor)
    assert perms.can_edit() and not perms.can_publish()


def test_editor_can_publish_and_tutor_can_edit(course, tutor, editor):
    assert course.permissions_for_user(editor).can_publish()
    assert course.permissions_for_user(tutor).can_edit()
    assert course.permissions_for_user(tutor).can_add_subpage()


def test_a_learner_cannot_reach_the_admin(client, learner, course):
    client.force_login(learner)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    assert response.status_code in (302, 403)
    assert Page.objects.get(pk=course.pk).live


def test_preview_shows_a_draft_to_its_tutor(client, course, tutor):
    client.force_login(tutor)
    url, data = _add_module_form(client, course)
    client.post(url, data)  # save draft
    module = ModulePage.objects.get(slug="motions-and-amendments")
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[module.pk]))
    assert preview.status_code == 200
    assert "Write a motion and take it to the branch." in preview.content.decode()
    assert module.revisions.count() == 1


def test_tutor_sees_the_agenda_in_the_editor(client, tutor, modules):
    client.force_login(tutor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[modules[0].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Talking it through: 20 min" in html
    assert "55 min" in html
