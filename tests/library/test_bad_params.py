"""Hostile library filters are cleaned like the search query, never a server error."""

import pytest


@pytest.mark.parametrize(
    "query",
    [
        "tag=%00",
        "tag=a%00b",
        "tag=%C0%80",
        "author=%00",
        "decade=99999999999999999999",
        "decade=-99999999999999999999",
        "author=99999999999999999999",
        "tag=" + "x" * 5000,
    ],
)
def test_hostile_filters_give_the_page(client, library, handbook, query):
    response = client.get(f"{library.url}?{query}")
    assert response.status_code == 200
    assert library.title in response.content.decode()


def test_a_tag_with_a_nul_is_the_tag_without_it(client, library, handbook):
    handbook.tags.add("Unions")
    handbook.save_revision().publish()
    html = client.get(f"{library.url}?tag=uni%00ons").content.decode()
    assert "The Branch Handbook" in html
