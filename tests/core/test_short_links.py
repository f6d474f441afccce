"""Short addresses: ``/go/<code>/`` sends a reader from paper to a live page,
the same code for the same page every time, and a code with a slip in it (or
a draft's code) is not found."""

import pytest

from core.short_links import ALPHABET, page_id_from_code, short_address, short_code
from tests.factories.courses import ModulePageFactory


@pytest.mark.parametrize("page_id", [1, 2, 32, 33, 34, 1089, 123_456_789])
def test_a_code_gives_its_page_back(page_id):
    code = short_code(page_id=page_id)
    assert page_id_from_code(code) == page_id
    assert page_id_from_code(code.upper()) == page_id


def test_a_slip_in_a_code_is_caught():
    """One wrong character, or two swapped, is not another page."""
    code = short_code(page_id=4321)
    slips = set()
    for position, right in enumerate(code):
        slips |= {
            code[:position] + c + code[position + 1 :] for c in ALPHABET if c != right
        }
    slips |= {
        code[:n] + code[n + 1] + code[n] + code[n + 2 :] for n in range(len(code) - 1)
    }
    slips.discard(code)
    assert slips and all(page_id_from_code(slip) is None for slip in slips)
    assert page_id_from_code("") is None and page_id_from_code("il!") is None


@pytest.mark.django_db
def test_a_live_pages_short_address_redirects_to_it(client, course, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://study.example.org/"
    module = ModulePageFactory(parent=course, title="What a branch is")
    code = short_code(page_id=module.pk)
    assert short_address(page_id=module.pk) == f"https://study.example.org/go/{code}/"
    response = client.get(f"/go/{code}/")
    assert response.status_code == 302 and response["Location"] == module.url


@pytest.mark.django_db
def test_a_drafts_short_address_is_not_found(client, course):
    draft = ModulePageFactory(parent=course, title="Zanzibar draft", live=False)
    response = client.get(f"/go/{short_code(page_id=draft.pk)}/")
    assert response.status_code == 404
    assert b"Zanzibar" not in response.content
    assert client.get("/go/zz9/").status_code == 404
