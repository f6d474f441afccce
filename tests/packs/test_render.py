"""The pack PDF, read back: what a learner, a large-print reader and a
facilitator find in it."""

import re

import pytest
from pypdf.generic import NameObject

from packs.options import PackOptions, PackOptionsError
from packs.services import pack_render

pytestmark = pytest.mark.django_db


# WeasyPrint is slowish: the same module content with the same options is
# rendered once per test run and read back by every test that needs it.
_RENDERED: dict[tuple, bytes] = {}


def render(module, read_pdf, **options):
    body = [(block["type"], str(block["value"])) for block in module.body.raw_data]
    key = (module.title, module.objective, str(body), tuple(sorted(options.items())))
    if key not in _RENDERED:
        _RENDERED[key] = pack_render(page=module, options=PackOptions(**options))
    return read_pdf(_RENDERED[key])


def test_learner_pack_holds_the_session(module, read_pdf):
    pdf = render(module, read_pdf)
    text = pdf.text
    cover = pdf.pages[0]
    assert "What a branch is" in cover and "How our party works" in cover
    assert "Learner's pack, clear print" in cover
    # Contents, objective, agenda with timings
    assert "Contents" in pdf.pages[1]
    assert module.objective in text.replace("\n", " ")
    assert re.search(r"0:15\s+Talking it through\s+20 min", text)
    # The reading: its citation and introduction; the text block too
    assert "The party, Rules for branches, Chapter 2, pages 4-9" in text
    assert "Read how a branch meeting is called." in text
    assert "OPENING-TEXT-MARKER" in text
    # Discussion questions, the activity, a glossary and further reading at the end
    assert "What would make you come back to a meeting?" in text
    assert "Who is missing from our meetings?" in text
    assert "Draft an agenda" in text
    assert "Key terms" in pdf.pages[-2] and "Quorum" in pdf.pages[-2]
    assert "The fewest members needed to take decisions." in pdf.pages[-2]
    assert "Where to find out more" in pdf.pages[-1]
    # Nothing for the facilitator
    assert "SECRET-FACILITATOR-NOTE" not in text
    assert "Ask the newest member first" not in text
    assert "Timing:" not in text


def test_facilitator_edition_adds_notes_prompts_and_timings(module, read_pdf):
    text = render(module, read_pdf, edition="facilitator").text
    assert "Facilitator's edition" in text
    assert "SECRET-FACILITATOR-NOTE: keep the pairs mixed." in text
    assert "Prompt: Ask the newest member first." in text
    assert "Timing: 20 min, from 0:35" in text  # the activity


def test_contents_give_the_pages_sections_start_on(module, read_pdf):
    pdf = render(module, read_pdf)
    entries = {
        label.strip(): int(page)
        for label, page in re.findall(r"^(.+?)[ .]*\s(\d+)$", pdf.pages[1], re.M)
        if not label.startswith("Page ")
    }
    assert set(entries) >= {"Objective and agenda", "Talking it through", "Key terms"}
    for label, page in entries.items():
        assert label.split(":")[-1].strip() in pdf.pages[page - 1], label


def test_every_page_says_page_x_of_y(module, read_pdf):
    pdf = render(module, read_pdf, size="large")
    total = len(pdf.pages)
    assert total >= 4
    for number, page in enumerate(pdf.pages, start=1):
        assert f"Page {number} of {total}" in page


def test_running_header_names_course_and_module(module, read_pdf):
    pdf = render(module, read_pdf)
    for page in pdf.pages[1:]:
        assert "How our party works" in page and "What a branch is" in page


def test_clear_print_body_is_14pt(module, read_pdf):
    pdf = render(module, read_pdf)
    assert pdf.body_size() == 14


def test_large_print_every_character_is_at_least_16pt_body_18pt(module, read_pdf):
    pdf = render(module, read_pdf, size="large")
    runs = pdf.runs()
    assert runs
    too_small = {(r["size"], r["text"].strip()[:30]) for r in runs if r["size"] < 16}
    assert not too_small
    assert pdf.body_size() == 18
    # Page numbers and headers no smaller than the body
    footer_runs = [r for r in runs if r["text"].startswith("Page ")]
    assert footer_runs and min(r["size"] for r in footer_runs) >= 18


@pytest.mark.parametrize("size", ["clear", "large"])
def test_both_sizes_use_a_sans_font_and_never_italics(module, read_pdf, size):
    """UKAAF: emphasis in bold, never italics, in clear print as in large."""
    runs = render(module, read_pdf, size=size).runs()
    fonts = {r["font"] for r in runs}
    assert any("Atkinson-Hyperlegible" in f for f in fonts), fonts
    assert not [f for f in fonts if "Italic" in f or "Oblique" in f]
    # The reading's title is a <cite> (also named, in regular type, in the
    # agenda): printed in bold, not italic.
    cited = [r for r in runs if r["text"].strip() == "Rules for branches"]
    assert any("Bold" in r["font"] for r in cited), cited


def test_pdf_is_tagged_titled_in_english_with_bookmarks_and_embedded_fonts(
    module, read_pdf
):
    pdf = render(module, read_pdf)
    root = pdf.reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower() == "en-gb"
    assert pdf.reader.metadata.title.startswith("What a branch is")
    outline = pdf.outline_titles()
    for title in ["Contents", "What a branch is", "Talking it through", "Key terms"]:
        assert title in outline
    for page in pdf.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)[
                "/FontDescriptor"
            ]
            assert any(
                NameObject(k) in descriptor
                for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )


def test_large_print_booklet_is_refused():
    with pytest.raises(PackOptionsError):
        PackOptions(size="large", booklet=True)


def test_a_whole_course_prints_every_module(course, module, read_pdf):
    from tests.factories.courses import ModulePageFactory

    ModulePageFactory(parent=course, title="How policy is made")
    pdf = read_pdf(pack_render(page=course, options=PackOptions()))
    contents = pdf.pages[1]
    assert "What a branch is" in contents and "How policy is made" in contents
    outline = pdf.outline_titles()
    assert "What a branch is" in outline and "How policy is made" in outline
    # One glossary for the course: the shared term once
    assert pdf.text.count("The fewest members needed to take decisions.") == 1
