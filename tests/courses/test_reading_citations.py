"""Tutors cite a library text precisely: a section from a list, optionally a
paragraph or page range; bad ranges are refused with clear messages and
nothing is saved; a citation that stops resolving is flagged in the admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from courses.blocks import ReadingBlock
from courses.models import ModulePage
from library.citations import citation_paragraphs, citation_resolve, section_choices
from tests.factories.courses import ModulePageFactory
from tests.factories.library import TextPageFactory, sections

pytestmark = pytest.mark.django_db


def _paras(first_page: int, count: int, word: str) -> str:
    """Paragraphs, each beginning a new original page from ``first_page``."""
    return "".join(
        f'<p><span data-page="{first_page + n}"></span>{word} {n} of the chapter.</p>'
        for n in range(count)
    )


@pytest.fixture
def paged(library):
    return TextPageFactory(
        parent=library,
        title="Minutes of the Crown Branch",
        sections=sections(
            ("Chapter 1: The First Meeting", _paras(15, 4, "First")),
            ("Chapter 2: The Second Meeting", _paras(19, 4, "Second")),
        ),
    )


@pytest.fixture
def unpaged(library):
    return TextPageFactory(parent=library, title="A Text Without Pages")


def errors(value: dict) -> dict[str, str]:
    block = ReadingBlock()
    full = {"title": "A reading", **value}
    try:
        block.clean(block.to_python(block.get_prep_value(block.to_python(full))))
    except Exception as error:  # noqa: BLE001 - the block's own validation error
        return {k: " ".join(e.messages) for k, e in error.block_errors.items()}
    return {}


def value(text, section="", **cite) -> dict:
    return {"text": text.pk, "section": section, **cite}


def test_sections_are_chosen_from_a_list_grouped_by_text(paged, unpaged):
    groups = dict(section_choices())
    assert groups["Minutes of the Crown Branch"] == [
        (f"{paged.pk}:chapter-1-the-first-meeting", "Chapter 1: The First Meeting"),
        (f"{paged.pk}:chapter-2-the-second-meeting", "Chapter 2: The Second Meeting"),
    ]


def test_good_citations_pass_and_print_exactly_their_range(paged):
    chapter_2 = f"{paged.pk}:chapter-2-the-second-meeting"
    assert (
        errors(value(paged, chapter_2, cite="paragraphs", cite_from="6", cite_to="7"))
        == {}
    )
    assert errors(value(paged, cite="pages", cite_from="16", cite_to="20")) == {}
    cited = citation_resolve(
        text=paged, section=chapter_2, kind="paragraphs", start="6", end="7"
    )
    assert cited.label == "Chapter 2: The Second Meeting, paragraphs 6–7"
    assert [p.number for p in citation_paragraphs(citation=cited)] == [6, 7]
    pages = citation_resolve(text=paged, kind="pages", start="16", end="19")
    assert [p.number for p in citation_paragraphs(citation=pages)] == [2, 3, 4, 5]
    assert cited.url == f"{paged.url}chapter-2-the-second-meeting/#p6"


@pytest.mark.parametrize(
    ("cite", "field", "message"),
    [
        (
            {"cite": "paragraphs", "cite_from": "7", "cite_to": "12"},
            "cite_to",
            "There is no paragraph 12 in “Chapter 2: The Second Meeting”: its "
            "paragraphs are 5–8.",
        ),
        (
            {"cite": "paragraphs", "cite_from": "2", "cite_to": "6"},
            "cite_from",
            "There is no paragraph 2 in “Chapter 2: The Second Meeting”",
        ),
        (
            {"cite": "paragraphs", "cite_from": "8", "cite_to": "6"},
            "cite_to",
            "The range runs backwards: paragraph 6 comes before paragraph 8.",
        ),
        (
            {"cite": "pages", "cite_from": "21", "cite_to": "19"},
            "cite_to",
            "The range runs backwards: page 19 comes before page 21.",
        ),
        (
            {"cite": "pages", "cite_from": "19", "cite_to": "99"},
            "cite_to",
            "There is no original page 99 in “Chapter 2: The Second Meeting” "
            "(its pages are 19–22).",
        ),
        (
            {"cite": "paragraphs", "cite_from": "six"},
            "cite_from",
            "Paragraph numbers are whole numbers",
        ),
        ({"cite_from": "6"}, "cite", "Say whether these are paragraphs"),
    ],
)
def test_bad_ranges_get_clear_messages(paged, cite, field, message):
    found = errors(value(paged, f"{paged.pk}:chapter-2-the-second-meeting", **cite))
    assert message in found[field]


def test_pages_on_a_text_without_page_numbers_and_a_section_of_another_text(
    paged, unpaged
):
    found = errors(value(unpaged, cite="pages", cite_from="3", cite_to="4"))
    assert found == {
        "cite": "“A Text Without Pages” has no original page numbers: cite "
        "paragraphs instead."
    }
    found = errors(value(unpaged, f"{paged.pk}:chapter-1-the-first-meeting"))
    assert "This section is of another text" in found["section"]


def _edit(client, module, reading: dict):
    url = reverse("wagtailadmin_pages:edit", args=[module.pk])
    data = querydict_from_html(
        client.get(url).content.decode(), form_id="page-edit-form"
    )
    for key in [k for k in data if k.startswith("body-")]:
        del data[key]
    body = nested_form_data({"body": streamfield([("reading", reading)])})
    for key, item in body.items():
        data[key] = item
    return client.post(url, data)


def test_the_admin_refuses_a_bad_range_and_saves_nothing(client, editor, course, paged):
    module = ModulePageFactory(parent=course, title="Running a meeting")
    before = module.get_latest_revision().pk if module.get_latest_revision() else None
    client.force_login(editor)
    reading = {
        "title": "Minutes",
        "author": "",
        "chapter": "",
        "pages": "",
        "url": "",
        "text": paged.pk,
        "section": f"{paged.pk}:chapter-2-the-second-meeting",
        "cite": "paragraphs",
        "cite_from": "7",
        "cite_to": "40",
        "introduction": rich_text(""),
        "minutes": "",
    }
    response = _edit(client, module, reading)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no paragraph 40 in" in html
    latest = module.get_latest_revision()
    assert (latest.pk if latest else None) == before
    reading["cite_to"] = "8"
    response = _edit(client, module, reading)
    assert response.status_code == 302
    module = ModulePage.objects.get(pk=module.pk)
    saved = module.get_latest_revision_as_object().body[0].value
    assert (saved["cite"], saved["cite_from"], saved["cite_to"]) == (
        "paragraphs",
        "7",
        "8",
    )


def test_a_citation_that_no_longer_resolves_is_flagged_and_learners_see_titles(
    client, editor, course, paged
):
    module = ModulePageFactory(
        parent=course,
        title="Reading the minutes",
        body=[
            (
                "reading",
                {
                    "title": "Minutes",
                    "text": paged,
                    "section": f"{paged.pk}:chapter-2-the-second-meeting",
                },
            )
        ],
    )
    html = client.get(module.url).content.decode()
    assert "(Chapter 2: The Second Meeting)" in html
    assert "chapter-2-the-second-meeting)" not in html
    # A re-import drops the chapter: the module's editor is told.
    paged.sections = list(paged.sections.order_by("sort_order"))[:1]
    paged.save_revision().publish()
    client.force_login(editor)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[module.pk])
    ).content.decode()
    assert "Some library citations no longer resolve." in html
    assert "no longer has this section" in html


def _legacy_module(course, paged, section: str, title="Reading the old minutes"):
    """A module saved before sections were chosen from a list: its reading
    holds the section's own words, as blocks of that time stored them."""
    module = ModulePageFactory(parent=course, title=title)
    reading = {"title": "Minutes", "text": paged.pk, "section": section}
    ModulePage.objects.filter(pk=module.pk).update(
        body=[{"type": "reading", "value": reading, "id": "0f0e0d0c"}]
    )
    return ModulePage.objects.get(pk=module.pk)


def test_an_older_free_text_section_is_read_as_the_listed_section_it_names(
    client, editor, course, paged
):
    chapter_2 = f"{paged.pk}:chapter-2-the-second-meeting"
    module = _legacy_module(course, paged, "Chapter 2: The Second Meeting")
    assert module.body[0].value["section"] == chapter_2
    by_anchor = _legacy_module(
        course, paged, "chapter-2-the-second-meeting", title="By its anchor"
    )
    assert by_anchor.body[0].value["section"] == chapter_2
    # The editor shows it chosen, so saving the page keeps it.
    client.force_login(editor)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[module.pk])
    ).content.decode()
    assert f"&quot;section&quot;: [&quot;{chapter_2}&quot;]" in html
    assert "Some library citations no longer resolve." not in html


def test_older_words_that_name_no_section_are_kept_shown_and_flagged(
    client, editor, course, paged
):
    module = _legacy_module(course, paged, "Chapter 9: The Lost Meeting")
    value = module.body[0].value
    assert value["chapter"] == "Chapter 9: The Lost Meeting"
    assert value["section"] == "Chapter 9: The Lost Meeting"
    client.force_login(editor)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[module.pk])
    ).content.decode()
    assert "Some library citations no longer resolve." in html
    assert "no longer has the section “Chapter 9: The Lost Meeting”" in html
