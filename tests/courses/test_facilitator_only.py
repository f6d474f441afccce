"""Facilitators only: declared once on the blocks, asked by every channel.

The markers below are words that appear nowhere else, so a hit anywhere is a leak.
"""

import json

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail import blocks

from core.blocks import (
    LearnerStreamBlock,
    facilitator_only_paths,
    is_facilitator_only,
    learner_stream,
)
from courses.blocks import ModuleStreamBlock
from courses.models import ModulePage
from packs.options import PackOptions
from packs.services import pack_html
from tests.courses.search_results import search_results_text
from tests.factories.courses import ModulePageFactory

NOTE_MARKER = "zanzibarquokka"
PROMPT_MARKER = "xylophonegrebe"
LEARNER_MARKER = "marmaladeheron"


def _marked_body():
    return [
        ("text", f"<p>Everyone reads this: {LEARNER_MARKER}.</p>"),
        (
            "discussion",
            {
                "heading": "Talking it through",
                "questions": [
                    {
                        "question": "What would bring you back?",
                        "facilitator_prompt": f"Ask the quiet ones: {PROMPT_MARKER}.",
                        "minutes": 10,
                    }
                ],
            },
        ),
        (
            "facilitator_note",
            {"note": f"<p>Hold the old hands back: {NOTE_MARKER}.</p>"},
        ),
    ]


@pytest.fixture
def marked(course):
    return ModulePageFactory(
        parent=course, title="A marked module", body=_marked_body()
    )


# The declaration -------------------------------------------------------------


def test_the_module_blocks_declare_what_is_for_facilitators():
    """The one place that says so; a new facilitator-only block or field must be
    declared here (and is then covered by every channel below)."""
    assert sorted(facilitator_only_paths(ModuleStreamBlock())) == [
        "discussion.questions.facilitator_prompt",
        "facilitator_note",
    ]
    assert is_facilitator_only(ModuleStreamBlock().child_blocks["facilitator_note"])
    assert not is_facilitator_only(ModuleStreamBlock().child_blocks["discussion"])


class TutorTipBlock(blocks.StructBlock):
    """A block added later, declared for facilitators the same way."""

    tip = blocks.TextBlock()

    class Meta:
        facilitator_only = True


class ExerciseBlock(blocks.StructBlock):
    steps = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("step", blocks.CharBlock()),
                ("answer", blocks.CharBlock(facilitator_only=True)),
            ]
        )
    )


class LaterStreamBlock(LearnerStreamBlock):
    text = blocks.TextBlock()
    tip = TutorTipBlock()
    exercise = ExerciseBlock()
    nested = blocks.StreamBlock(
        [("tip", TutorTipBlock()), ("text", blocks.TextBlock())]
    )


def test_anything_declared_later_is_left_out_of_every_learner_channel():
    block = LaterStreamBlock()
    value = block.to_python(
        [
            {"type": "text", "value": "open words"},
            {"type": "tip", "value": {"tip": "secret tip one"}},
            {
                "type": "exercise",
                "value": {"steps": [{"step": "open step", "answer": "secret answer"}]},
            },
            {
                "type": "nested",
                "value": [
                    {"type": "tip", "value": {"tip": "secret tip two"}},
                    {"type": "text", "value": "open nested"},
                ],
            },
        ]
    )
    assert sorted(facilitator_only_paths(block)) == [
        "exercise.steps.answer",
        "nested.tip",
        "tip",
    ]
    learner = learner_stream(value)
    channels = {
        "rendered": str(learner.render_as_block()),
        "search": " ".join(block.get_searchable_content(value)),
        "api": json.dumps(block.get_api_representation(value)),
    }
    for name, text in channels.items():
        assert "secret" not in text, name
        for kept in ("open words", "open step", "open nested"):
            assert kept in text, (name, kept)
    # The stored value is untouched: facilitators still have all of it.
    assert "secret answer" in str(block.get_prep_value(value))
    assert [child.block_type for child in value] == [
        "text",
        "tip",
        "exercise",
        "nested",
    ]


# Every channel ----------------------------------------------------------------


def test_search_content_of_a_module_is_its_learner_view(marked):
    module = ModulePage.objects.get(pk=marked.pk)
    content = " ".join(module.body.stream_block.get_searchable_content(module.body))
    assert LEARNER_MARKER in content
    assert NOTE_MARKER not in content and PROMPT_MARKER not in content


def test_learner_page_shows_neither_notes_nor_prompts(client, marked):
    html = client.get(marked.url).content.decode()
    assert LEARNER_MARKER in html
    assert NOTE_MARKER not in html and PROMPT_MARKER not in html


@pytest.mark.parametrize("marker", [NOTE_MARKER, PROMPT_MARKER])
def test_public_search_and_autocomplete_find_no_facilitator_words(
    client, marked, marker
):
    # The page is indexed and its learner words found, so a miss below means something.
    assert "A marked module" in search_results_text(client, LEARNER_MARKER)
    for scope in ("all", "courses"):
        found = search_results_text(client, marker, scope=scope, operator="or")
        assert "A marked module" not in found and marker not in found
    misspelt = marker[:-2] + marker[-1]  # no "did you mean" the facilitator's word
    assert marker not in search_results_text(client, misspelt)
    suggestions = client.get(reverse("search:autocomplete"), {"q": marker[:6]}).json()
    assert suggestions["results"] == []


def test_learner_pack_prints_no_facilitator_material(marked):
    learner = pack_html(source=marked, options=PackOptions())
    assert LEARNER_MARKER in learner
    assert NOTE_MARKER not in learner and PROMPT_MARKER not in learner
    facilitator = pack_html(source=marked, options=PackOptions(edition="facilitator"))
    assert NOTE_MARKER in facilitator and PROMPT_MARKER in facilitator


def test_preview_modes_show_a_module_as_a_learner_and_as_a_facilitator(marked, editor):
    module = ModulePage.objects.get(pk=marked.pk)
    assert dict(module.preview_modes) == {
        "": "As a learner",
        "facilitator": "As a facilitator",
    }
    assert module.default_preview_mode == ""
    request = RequestFactory().get("/")
    request.user = editor
    as_learner = module.make_preview_request(request, "").render().content.decode()
    assert LEARNER_MARKER in as_learner
    assert NOTE_MARKER not in as_learner and PROMPT_MARKER not in as_learner
    as_facilitator = module.make_preview_request(request, "facilitator").render()
    html = as_facilitator.content.decode()
    assert NOTE_MARKER in html and PROMPT_MARKER in html
    assert "Preview as a facilitator" in html


def test_admin_offers_both_preview_modes(client, marked, editor):
    client.force_login(editor)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[marked.pk])
    ).content.decode()
    assert "As a learner" in html and "As a facilitator" in html


def test_revisions_are_shown_in_the_learner_view_and_never_to_learners(
    client, marked, editor, learner
):
    revision = marked.save_revision()
    url = reverse("wagtailadmin_pages:revisions_view", args=[marked.pk, revision.pk])
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert LEARNER_MARKER in html
    assert NOTE_MARKER not in html and PROMPT_MARKER not in html
    client.force_login(learner)
    for refused in (
        url,
        reverse("wagtailadmin_pages:preview_on_edit", args=[marked.pk])
        + "?mode=facilitator",
    ):
        response = client.get(refused)
        assert response.status_code in {302, 403}
        assert NOTE_MARKER not in response.content.decode()


def test_admin_api_carries_no_facilitator_material(client, marked, editor):
    client.force_login(editor)
    response = client.get(f"/admin/api/main/pages/{marked.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert NOTE_MARKER not in text and PROMPT_MARKER not in text


def test_reading_time_counts_only_what_learners_read(course):
    long_note = " ".join(["word"] * 2000)
    body = _marked_body()
    body[2] = ("facilitator_note", {"note": f"<p>{long_note}</p>"})
    module = ModulePageFactory(parent=course, body=body)
    assert module.reading_minutes == 1
