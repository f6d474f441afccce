"""Tutors see a module's feedback across branches, anonymous, from 5 responses."""

import pytest
from django.urls import reverse

from tests.factories.branches import MemberFactory, SessionFactory
from tests.factories.consultations import FeedbackFactory

pytestmark = pytest.mark.django_db


def _responses(module, count):
    for i in range(count):
        session = SessionFactory(module=module, branch__name=f"Branch {i}")
        FeedbackFactory(
            session=session,
            member=MemberFactory(branch=session.branch, name=f"Hidden Person {i}"),
            useful=1 + i % 5,
            change=f"Change number {i}",
        )


def test_fewer_than_five_responses_show_nothing_but_the_count(client, tutor, module):
    _responses(module, 4)
    client.force_login(tutor)
    html = client.get(
        reverse("consultations_organise:module_feedback", args=[module.pk])
    ).content.decode()
    assert "4 responses so far" in html
    assert "Change number" not in html


def test_five_responses_are_shown_together_without_names(client, tutor, module):
    _responses(module, 5)
    client.force_login(tutor)
    html = client.get(
        reverse("consultations_organise:module_feedback", args=[module.pk])
    ).content.decode()
    assert "<strong>5</strong> responses" in html
    assert "Change number 3" in html
    assert "Hidden Person" not in html and "Branch 1" not in html


def test_a_learner_cannot_see_module_feedback(client, learner, module):
    _responses(module, 5)
    client.force_login(learner)
    response = client.get(
        reverse("consultations_organise:module_feedback", args=[module.pk])
    )
    assert response.status_code in (302, 403)
