"""What the public search page shows as results: hits, passages, snippets and
the "did you mean" suggestion (the form echoing the query is left out)."""

from bs4 import BeautifulSoup


def search_results_text(client, query: str, **params) -> str:
    html = client.get("/search/", {"q": query, **params}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    parts = [node.get_text(" ") for node in soup.select(".search-results")]
    parts += [link.get_text(" ") for link in soup.select(".search-summary a")]
    return " ".join(" ".join(parts).split())
