import pytest
from bs4 import BeautifulSoup

from courses.models import ModulePage
from tests.factories.courses import ModulePageFactory, module_body

pytestmark = pytest.mark.django_db


def test_module_page_shows_the_session(client, modules):
    response = client.get(modules[0].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "What would make you come back to a meeting?" in html
    assert "Rules for branches" in html
    assert "Quorum" in html
    assert "Educate, agitate, organise." in html


def test_facilitator_notes_and_prompts_are_not_in_public_html(client, modules):
    html = client.get(modules[0].url).content.decode()
    assert "SECRET-FACILITATOR-NOTE" not in html
    assert "Ask the newest member first." not in html


def test_agenda_adds_up_from_timed_blocks(modules):
    module = ModulePage.objects.get(pk=modules[0].pk)
    assert [(i.label, i.minutes, i.start) for i in module.agenda] == [
        ("Rules for branches", 15, 0),
        ("Talking it through", 20, 15),
        ("Draft an agenda", 20, 35),
    ]
    assert module.estimated_minutes == 55


def test_previous_and_next_follow_the_course_order(client, modules):
    soup = BeautifulSoup(client.get(modules[1].url).content, "html.parser")
    assert soup.select_one('a[rel="prev"]')["href"] == modules[0].url
    assert soup.select_one('a[rel="next"]')["href"] == modules[2].url


def test_query_count_does_not_grow_with_blocks_or_modules(
    client, course, django_assert_num_queries
):
    small = ModulePageFactory(parent=course, body=module_body(blocks_count=3))
    client.get(small.url)  # warm caches (site root paths, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(small.url).status_code == 200
    baseline = len(small_queries.captured_queries)
    assert baseline > 0
    for _ in range(10):
        ModulePageFactory(parent=course, body=module_body(blocks_count=3))
    big = ModulePageFactory(parent=course, body=module_body(blocks_count=60))
    client.get(big.url)
    with django_assert_num_queries(baseline):
        assert client.get(big.url).status_code == 200
