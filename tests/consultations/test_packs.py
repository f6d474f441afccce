"""Paper: the learner pack of a session ends with a tear-off feedback slip,
and a module's question to the party prints with room for the room's tally."""

import pytest

from packs.documents import pack_source
from packs.options import PackOptions
from packs.services import pack_html, pack_render

pytestmark = pytest.mark.django_db


def test_a_sessions_learner_pack_has_a_feedback_slip(session_a):
    html = pack_html(source=pack_source(session_a), options=PackOptions())
    assert 'id="feedback-slip"' in html
    assert "Your feedback on this session" in html
    assert "Ashford" in html.split('id="feedback-slip"')[1]


def test_the_facilitators_edition_and_a_modules_pack_have_none(session_a, module):
    facilitator = pack_html(
        source=pack_source(session_a), options=PackOptions(edition="facilitator")
    )
    assert 'id="feedback-slip"' not in facilitator
    module_pack = pack_html(source=pack_source(module), options=PackOptions())
    assert 'id="feedback-slip"' not in module_pack


def test_the_question_to_the_party_prints_with_its_options(module):
    html = pack_html(source=pack_source(module), options=PackOptions())
    assert "Question to the party" in html
    assert "Should branches choose their own candidates?" in html
    assert "<td>Not sure</td>" in html


def test_the_slip_is_in_the_pdf(session_a):
    from tests.packs.conftest import PdfText

    pdf = PdfText(pack_render(page=session_a, options=PackOptions()))
    assert "Your feedback on this session" in pdf.text
    assert "Was it useful?" in pdf.text
